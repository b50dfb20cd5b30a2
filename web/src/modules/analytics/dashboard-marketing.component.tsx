import { useMemo } from 'react';
import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';
import { useCohortsReport, useKpisReport, type Kpi } from './customer-analytics.api.ts';
import { formatCount, formatMoney, formatMonth, formatPercent } from './customer-analytics.parts.tsx';
import { useCustomerValueSummary, type ChurnRisk } from './customer-value.api.ts';
import { EngagementKpisWidget } from './dashboard-engagement.component.tsx';
import { MARKETING_KPIS, pickKpis } from './dashboard.figures.ts';
import { DashboardGrid, DashboardWidget, PeriodNote, reportLink } from './dashboard.parts.tsx';

/** The newest cohorts and the first months after their first purchase: what fits a small heatmap. */
const COHORTS_SHOWN = 6;
const COHORT_MONTHS_SHOWN = 6;
const RISK_COLORS: Record<ChurnRisk, string> = { high: 'red', medium: 'orange', low: 'teal' };

function KpiCard({ kpi, currency }: { kpi: Kpi; currency: string }) {
  const { t } = useTranslation();
  const value = (figure: number) => (kpi.unit === 'money' ? formatMoney(figure, currency) : kpi.unit === 'minutes'
    ? t('analytics.customers.kpis.minutes', { value: formatCount(figure) }) : formatPercent(figure));
  const delta = kpi.change;
  const isBetter = delta === null || delta === 0 ? null : (delta > 0) === kpi.is_higher_better;
  const color = isBetter === null ? 'dimmed' : isBetter ? 'teal' : 'red';
  const Icon = delta !== null && delta > 0 ? IconArrowUpRight : delta !== null && delta < 0 ? IconArrowDownRight : IconMinus;
  const sign = delta !== null && delta > 0 ? '+' : delta !== null && delta < 0 ? '−' : '';
  const size = delta === null ? '' : kpi.unit === 'percent' ? t('analytics.customers.kpis.points', { value: formatCount(Math.abs(delta)) }) : value(Math.abs(delta));
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`dashboard-kpi-${kpi.key}`}>
      <Text size="xs" c="dimmed" fw={500} lineClamp={1}>{t(`analytics.customers.kpis.names.${kpi.key}`)}</Text>
      <Text fz={22} fw={700} data-testid="kpi-value">{kpi.value === null ? '—' : value(kpi.value)}</Text>
      {kpi.value === null && kpi.reason && <Text size="xs" c="dimmed" lineClamp={2}>{t(`analytics.customers.kpis.reasons.${kpi.reason}`)}</Text>}
      {delta !== null && (
        <Group gap={4} wrap="nowrap" c={color} data-testid="kpi-change">
          <Icon size={14} />
          <Text size="xs" c={color} fw={500}>{sign}{size}</Text>
          <Text size="xs" c="dimmed" lineClamp={1}>{t('analytics.customers.kpis.vsPrevious')}</Text>
        </Group>
      )}
    </Card>
  );
}

/** Lead conversion, CAC, AOV, repeat purchases and retention of the last 90 days against the 90 before. */
function KpisWidget({ period }: { period: AnalyticsFilters }) {
  const { t } = useTranslation();
  const report = useKpisReport(period, null);
  const data = report.data;
  const kpis = data ? pickKpis(data.kpis, MARKETING_KPIS) : [];
  const isEmpty = !!data && data.figures.current.orders === 0 && data.figures.previous.orders === 0 && !data.figures.current.leads && data.figures.current.people_new === 0;
  return (
    <DashboardWidget
      title={t('analytics.dashboard.kpis.title')} to={reportLink('/analytics/kpis', period)} testId="kpis" frame="section" isPending={report.isPending} error={report.error}
      isEmpty={isEmpty || kpis.length === 0} emptyText={t('analytics.dashboard.kpis.empty')}
    >
      {data && <PeriodNote period={data.period} />}
      {data && (
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3, lg: 5 }} spacing="sm">
          {kpis.map((kpi) => <KpiCard key={kpi.key} kpi={kpi} currency={data.currency} />)}
        </SimpleGrid>
      )}
    </DashboardWidget>
  );
}

/** Retention of the newest cohorts over their first months, as a small heatmap. */
function CohortsWidget({ period }: { period: AnalyticsFilters }) {
  const { t } = useTranslation();
  const report = useCohortsReport(period);
  const data = report.data;
  const chart = useMemo(() => {
    const cohorts = (data?.cohorts ?? []).slice(-COHORTS_SHOWN);
    if (cohorts.length === 0) return null;
    const months = Math.min(COHORT_MONTHS_SHOWN, (data?.max_offset ?? 0) + 1);
    const columns = Array.from({ length: months }, (_, n) => t('analytics.dashboard.cohorts.month', { n }));
    const rows = cohorts.map((c) => `${formatMonth(c.month)} · ${c.size}`);
    const matrix = cohorts.map((c) => Array.from({ length: months }, (_, n) => c.retention?.[n] ?? null));
    const cells = matrix.flatMap((row, y) => row.flatMap((value, x) => (value === null ? [] : [[x, y, value]])));
    // Month 0 is 100% by definition; the colour scale follows the later months so they stay readable.
    const later = cells.filter((cell) => cell[0]! > 0);
    const max = Math.max(0, ...(later.length > 0 ? later : cells).map((cell) => cell[2]!));
    const option: EChartsOption = {
      tooltip: { position: 'top', formatter: (p) => { const [x, y, value] = (p as { value: number[] }).value; return `${rows[y!]}, ${columns[x!]}: ${formatPercent(value)}`; } },
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: columns, splitArea: { show: true } },
      yAxis: { type: 'category', data: rows, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: max || 1, show: false, inRange: { color: ['#f1f5fe', '#4c6ef5', '#1c2f8a'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true, fontSize: 10, formatter: (p) => formatPercent((p as { value: number[] }).value[2]!) } }],
    };
    const table: ChartTable = {
      columns: [t('analytics.customers.cohorts.cohort'), t('analytics.customers.cohorts.size'), ...columns],
      rows: cohorts.map((c, i) => [c.month, c.size, ...matrix[i]!]),
    };
    return { option, table, height: 48 + cohorts.length * 30 };
  }, [data, t]);
  return (
    <DashboardWidget
      title={t('analytics.dashboard.cohorts.title')} to={reportLink('/analytics/cohorts', period)} testId="cohorts" frame="chart" isPending={report.isPending} error={report.error}
      isEmpty={!chart} emptyText={t('analytics.dashboard.cohorts.empty')}
    >
      {chart && <AnalyticsChart title={t('analytics.dashboard.cohorts.title')} fileName="dashboard-cohorts-retention" option={chart.option} table={chart.table} height={chart.height} />}
    </DashboardWidget>
  );
}

/** Customers by RFM segment, with how many of them are at high or medium risk of churning. */
function SegmentsWidget() {
  const { t } = useTranslation();
  const summary = useCustomerValueSummary();
  const data = summary.data;
  const segments = useMemo(() => (data?.run ? data.segments : []), [data]);
  const chart = useMemo(() => {
    const names = segments.map((s) => t(`analytics.value.segments.${s.segment}`));
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: names },
      series: [{ type: 'bar', name: t('analytics.value.customers'), data: segments.map((s) => s.customers), barMaxWidth: 18 }],
    };
    const table: ChartTable = { columns: [t('analytics.value.segment'), t('analytics.value.customers'), t('analytics.value.revenue'), t('analytics.value.clv')], rows: segments.map((s, i) => [names[i]!, s.customers, s.monetary, s.clv]) };
    return { option, table };
  }, [segments, t]);
  const risks = (['high', 'medium', 'low'] as const).map((risk) => ({ risk, customers: data?.churn.find((c) => c.risk === risk)?.customers ?? 0 }));
  return (
    <DashboardWidget
      title={t('analytics.dashboard.segments.title')} to="/analytics/customer-value" testId="segments" frame="chart" isPending={summary.isPending} error={summary.error}
      isEmpty={segments.length === 0} emptyText={t('analytics.dashboard.segments.empty')}
    >
      <Stack gap="xs">
        <AnalyticsChart title={t('analytics.dashboard.segments.title')} fileName="dashboard-rfm-segments" option={chart.option} table={chart.table} height={Math.max(200, 26 * segments.length + 24)} />
        <Group gap="xs" data-testid="dashboard-churn">
          <Text size="sm" c="dimmed">{t('analytics.dashboard.segments.churn')}:</Text>
          {risks.map(({ risk, customers }) => (
            <Badge key={risk} variant="light" color={RISK_COLORS[risk]} data-testid={`dashboard-churn-${risk}`}>{t(`analytics.value.risks.${risk}`)}: {formatNumber(customers)}</Badge>
          ))}
        </Group>
      </Stack>
    </DashboardWidget>
  );
}

/** Next months' revenue expected from today's customers (BG/NBD × Gamma-Gamma, from the latest scoring run). */
function ClvForecastWidget() {
  const { t } = useTranslation();
  const summary = useCustomerValueSummary();
  const run = summary.data?.run;
  const chart = useMemo(() => {
    if (!run || run.forecast.length === 0) return null;
    const months = run.forecast.map((m) => t('analytics.dashboard.clv.month', { n: m.month }));
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, { notation: 'compact' }) } },
      series: [{ type: 'bar', name: t('analytics.value.expectedRevenue'), data: run.forecast.map((m) => Math.round(m.expected_revenue)), barMaxWidth: 24 }],
    };
    const table: ChartTable = {
      columns: [t('analytics.value.month'), t('analytics.value.expectedPurchases'), t('analytics.value.expectedRevenue')],
      rows: run.forecast.map((m) => [m.month, Number(m.expected_purchases.toFixed(2)), Number(m.expected_revenue.toFixed(2))]),
    };
    return { option, table, currency: run.currency };
  }, [run, t]);
  return (
    <DashboardWidget
      title={t('analytics.value.forecastTitle')} to="/analytics/customer-value" testId="clv" frame="chart" isPending={summary.isPending} error={summary.error}
      isEmpty={!chart} emptyText={t('analytics.dashboard.clv.empty')}
    >
      {chart && <AnalyticsChart title={t('analytics.dashboard.clv.title', { currency: chart.currency })} fileName="dashboard-clv-forecast" option={chart.option} table={chart.table} height={260} />}
    </DashboardWidget>
  );
}

/** A marketer's overview: the key customer figures, how cohorts keep buying, who the customers are and what they will bring. */
export function MarketingDashboard({ period }: { period: AnalyticsFilters }) {
  const me = useSession();
  const canReadCustomers = can(me, 'person', 'read') && can(me, 'order', 'read');
  return (
    <DashboardGrid testId="dashboard-marketing" slots={[
      { key: 'kpis', isVisible: canReadCustomers, span: 12, widget: <KpisWidget period={period} /> },
      { key: 'engagement', isVisible: canReadCustomers && can(me, 'message', 'read'), span: 12, widget: <EngagementKpisWidget period={period} /> },
      { key: 'cohorts', isVisible: canReadCustomers, span: { base: 12, md: 6, xl: 4 }, widget: <CohortsWidget period={period} /> },
      { key: 'segments', isVisible: canReadCustomers, span: { base: 12, md: 6, xl: 4 }, widget: <SegmentsWidget /> },
      { key: 'clv', isVisible: canReadCustomers, span: { base: 12, xl: 4 }, widget: <ClvForecastWidget /> },
    ]} />
  );
}
