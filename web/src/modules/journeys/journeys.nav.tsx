import { IconRoute } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Marketing → Journeys, for whoever may read people. */
export const journeysNavItem = (me: Me, t: TFunction): NavItem => ({
  label: t('journeys.nav'), to: '/marketing/journeys', icon: <IconRoute size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read'),
});
