import { IconChartBar, IconLayoutDashboard } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { NAV_ICON_SIZE, type NavItem, type NavSectionBuilder } from '../../shell/nav.types.ts';

/**
 * The analytics reports a member may open, in menu order. The overview page lists the same
 * reports as cards, so a report is added here once.
 */
export function analyticsReports(_me: Me, _t: TFunction): (NavItem & { description: string })[] {
  return [
    // Reports are listed here, one entry each.
  ];
}

export const analyticsNav: NavSectionBuilder = (me, t) => ({
  key: 'analytics',
  label: t('nav.analytics'),
  icon: <IconChartBar size={NAV_ICON_SIZE} />,
  items: [
    { label: t('analytics.overview'), to: '/analytics', icon: <IconLayoutDashboard size={NAV_ICON_SIZE} />, isVisible: true },
    ...analyticsReports(me, t),
  ],
});
