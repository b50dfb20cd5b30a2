import { IconChartBar, IconChartFunnel, IconDiamond, IconLayoutDashboard, IconReportMoney, IconUsersGroup } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import { customerAnalyticsReports } from './customer-analytics.nav.tsx';
import { NAV_ICON_SIZE, type NavItem, type NavSectionBuilder } from '../../shell/nav.types.ts';

/**
 * The analytics reports a member may open, in menu order. The overview page lists the same
 * reports as cards, so a report is added here once.
 */
export function analyticsReports(me: Me, t: TFunction): (NavItem & { description: string })[] {
  return [
    // Reports are listed here, one entry each.
    { label: t('analytics.sales.funnel.nav'), to: '/analytics/funnel', icon: <IconChartFunnel size={NAV_ICON_SIZE} />, isVisible: can(me, 'deal', 'read'), description: t('analytics.sales.funnel.description') },
    { label: t('analytics.sales.forecast.nav'), to: '/analytics/sales-forecast', icon: <IconReportMoney size={NAV_ICON_SIZE} />, isVisible: can(me, 'deal', 'read'), description: t('analytics.sales.forecast.description') },
    { label: t('analytics.sales.team.nav'), to: '/analytics/team', icon: <IconUsersGroup size={NAV_ICON_SIZE} />, isVisible: can(me, 'activity', 'read') || can(me, 'lead', 'read') || can(me, 'deal', 'read'), description: t('analytics.sales.team.description') },
    ...customerAnalyticsReports(me, t),
    { label: t('analytics.value.nav'), to: '/analytics/customer-value', icon: <IconDiamond size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read') && can(me, 'order', 'read'), description: t('analytics.value.description') },
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
