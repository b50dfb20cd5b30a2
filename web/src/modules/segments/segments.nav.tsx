import { IconFilterStar } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Marketing → Segments, for whoever may read people. */
export const segmentsNavItem = (me: Me, t: TFunction): NavItem => ({
  label: t('segments.nav'), to: '/marketing/segments', icon: <IconFilterStar size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read'),
});
