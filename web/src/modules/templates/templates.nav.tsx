import { IconMailCode } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Marketing → Templates, for whoever may read people. */
export const templatesNavItem = (me: Me, t: TFunction): NavItem => ({
  label: t('templates.navLabel'), to: '/marketing/templates', icon: <IconMailCode size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read'),
});
