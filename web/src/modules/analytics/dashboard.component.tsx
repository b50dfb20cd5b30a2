import { Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth.api.ts';
import { useAnalyticsFilters, type AnalyticsFilters } from './analytics-filters.component.tsx';
import { HeadOfSalesDashboard } from './dashboard-head-of-sales.component.tsx';
import { MarketingDashboard } from './dashboard-marketing.component.tsx';
import { MySalesDashboard } from './dashboard-my-sales.component.tsx';

const VARIANTS = ['mySales', 'headOfSales', 'marketing'] as const;
type DashboardVariant = (typeof VARIANTS)[number];

const isVariant = (value: unknown): value is DashboardVariant => (VARIANTS as readonly unknown[]).includes(value);

/** Salespeople start on their own figures, those who lead them on the team's, everyone else on marketing. */
function defaultVariant(roleKey: string | undefined): DashboardVariant {
  if (roleKey === 'operator') return 'mySales';
  if (roleKey === 'manager' || roleKey === 'admin') return 'headOfSales';
  return 'marketing';
}

/**
 * The dashboard above the analytics reports: one of three sets of widgets, by default the one for
 * the member's role. A pick is remembered per user in this browser.
 */
export function AnalyticsDashboard() {
  const { t } = useTranslation();
  const me = useSession();
  // Only a pick is stored, so a member whose role changes starts on the new role's dashboard.
  const [picked, setPicked] = useLocalStorage<string | undefined>({ key: `rapport.analytics.dashboard.${me.user.id}`, getInitialValueInEffect: false });
  const variant = isVariant(picked) ? picked : defaultVariant(me.workspace?.role);
  // The period the reports open on: the last 90 days, or an archive's last ones (set by the filters).
  const [filters] = useAnalyticsFilters();
  const period: AnalyticsFilters = { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) };
  return (
    <Stack gap="sm" mb="xl" data-testid="analytics-dashboard" data-variant={variant}>
      <Group justify="space-between" align="center">
        <Title order={3}>{t(`analytics.dashboard.variants.${variant}`)}</Title>
        <SegmentedControl
          aria-label={t('analytics.dashboard.variant')} data-testid="dashboard-variant" value={variant} onChange={setPicked}
          data={VARIANTS.map((value) => ({ value, label: t(`analytics.dashboard.variants.${value}`) }))}
        />
      </Group>
      {variant === 'mySales' && <MySalesDashboard />}
      {variant === 'headOfSales' && <HeadOfSalesDashboard period={period} />}
      {variant === 'marketing' && <MarketingDashboard period={period} />}
    </Stack>
  );
}
