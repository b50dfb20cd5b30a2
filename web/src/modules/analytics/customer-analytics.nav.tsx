import { IconChartDots3, IconChartPie, IconCoin, IconGauge, IconGridDots } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import { can, grantFor } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavItem } from '../../shell/nav.types.ts';

/** Mirrors the server: spend is entered by roles that act beyond their own records (managers, admins). */
export function canEnterSpend(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'marketing_spend');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}

/** The customer reports, for the analytics menu and overview. They read people and their orders. */
export function customerAnalyticsReports(me: Me, t: TFunction): (NavItem & { description: string })[] {
  const canRead = can(me, 'person', 'read') && can(me, 'order', 'read');
  return [
    { label: t('analytics.customers.kpis.nav'), to: '/analytics/kpis', icon: <IconGauge size={NAV_ICON_SIZE} />, isVisible: canRead, description: t('analytics.customers.kpis.description') },
    { label: t('analytics.customers.cohorts.nav'), to: '/analytics/cohorts', icon: <IconGridDots size={NAV_ICON_SIZE} />, isVisible: canRead, description: t('analytics.customers.cohorts.description') },
    { label: t('analytics.customers.pareto.nav'), to: '/analytics/pareto', icon: <IconChartPie size={NAV_ICON_SIZE} />, isVisible: canRead, description: t('analytics.customers.pareto.description') },
    { label: t('analytics.customers.channels.nav'), to: '/analytics/channels', icon: <IconChartDots3 size={NAV_ICON_SIZE} />, isVisible: canRead, description: t('analytics.customers.channels.description') },
    { label: t('analytics.customers.spend.nav'), to: '/analytics/spend', icon: <IconCoin size={NAV_ICON_SIZE} />, isVisible: canEnterSpend(me), description: t('analytics.customers.spend.description') },
  ];
}
