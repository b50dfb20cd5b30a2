import { IconSend } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Marketing → Campaigns, for whoever may read people. */
export const campaignsNavItem = (me: Me, t: TFunction): NavItem => ({
  label: t('campaigns.navLabel'), to: '/marketing/campaigns', icon: <IconSend size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read'),
});
