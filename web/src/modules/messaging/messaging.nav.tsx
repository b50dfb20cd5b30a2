import { IconMailForward } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Marketing → Messages, for whoever may read messages. */
export const messagingNavItem = (me: Me, t: TFunction): NavItem => ({
  label: t('messaging.navLabel'), to: '/marketing/messages', icon: <IconMailForward size={NAV_ICON_SIZE} />, isVisible: can(me, 'message', 'read'),
});
