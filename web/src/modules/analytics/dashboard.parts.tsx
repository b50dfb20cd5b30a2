import { useMemo, type ReactNode } from 'react';
import { Alert, Anchor, Card, Center, Grid, Group, Loader, Stack, Text, type GridColProps } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';
import { currentMonth, upcomingForecast, type MoneyFigure } from './dashboard.figures.ts';
import { useSalesForecastReport } from './sales-analytics.api.ts';
import { formatAmount, formatReportMonth } from './sales-analytics.format.ts';

interface DashboardWidgetProps {
  title: string;
  /** The full report (or page) the widget sums up. */
  to: string;
  testId: string;
  isPending: boolean;
  error: unknown;
  isEmpty: boolean;
  emptyText: string;
  /**
   * How the loaded widget is framed: 'card' puts it in a titled card, 'chart' leaves that to
   * AnalyticsChart, 'section' puts the title above content that brings its own cards.
   */
  frame?: 'card' | 'chart' | 'section';
  /** Beside the title of a card, e.g. a count. */
  badge?: ReactNode;
  children: ReactNode;
}

function TitledCard({ title, badge, children }: { title: string; badge?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" h="100%">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600}>{title}</Text>
        {badge}
      </Group>
      {children}
    </Card>
  );
}

/**
 * One dashboard widget: its loading, failure and empty states, else its content, with a link to
 * the full report. A widget the role may not read (the API answers 403) is left out altogether.
 */
export function DashboardWidget({ title, to, testId, isPending, error, isEmpty, emptyText, frame = 'card', badge, children }: DashboardWidgetProps) {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 403) return null;
  const state = isPending ? 'loading' : error ? 'failed' : isEmpty ? 'empty' : 'ready';
  const body = () => {
    if (state === 'loading') return <TitledCard title={title}><Center py="lg"><Loader size="sm" /></Center></TitledCard>;
    if (state === 'failed') {
      const problem = describeError(error);
      return <TitledCard title={title}><Alert color="red" title={t('analytics.dashboard.loadFailed')}>{problem.detail ?? problem.title}</Alert></TitledCard>;
    }
    if (state === 'empty') return <TitledCard title={title}><Text size="sm" c="dimmed" py="md">{emptyText}</Text></TitledCard>;
    if (frame === 'card') return <TitledCard title={title} badge={badge}>{children}</TitledCard>;
    if (frame === 'section') return <Stack gap="xs"><Text fw={600}>{title}</Text>{children}</Stack>;
    return children;
  };
  return (
    <Stack gap={4} h="100%" data-testid={`dashboard-widget-${testId}`} data-state={state}>
      <div style={{ flex: 1 }}>{body()}</div>
      <Group justify="flex-end">
        <Anchor component={Link} to={to} size="xs">
          <Group gap={4} wrap="nowrap">{t('analytics.dashboard.openReport')}<IconArrowRight size={12} /></Group>
        </Anchor>
      </Group>
    </Stack>
  );
}

export interface DashboardSlot {
  key: string;
  /** False when the role may not read the widget's data: the widget is left out. */
  isVisible: boolean;
  span: GridColProps['span'];
  widget: ReactNode;
}

/** A dashboard variant's widgets in a grid, or a word that the role may read none of them. */
export function DashboardGrid({ slots, testId }: { slots: DashboardSlot[]; testId: string }) {
  const { t } = useTranslation();
  const visible = slots.filter((slot) => slot.isVisible);
  if (visible.length === 0) return <Text c="dimmed" data-testid={testId}>{t('analytics.dashboard.nothingForRole')}</Text>;
  return (
    <Grid data-testid={testId}>
      {visible.map((slot) => <Grid.Col key={slot.key} span={slot.span}>{slot.widget}</Grid.Col>)}
    </Grid>
  );
}

/** A report's address with the dashboard's period, so the full report shows the same figures. */
export function reportLink(path: string, period: AnalyticsFilters): string {
  const query = new URLSearchParams(Object.entries(period).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return query ? `${path}?${query}` : path;
}

/** A report period as "1 Sep 2026 – 29 Nov 2026". */
export function PeriodNote({ period }: { period: { from: string; to: string } }) {
  const { t } = useTranslation();
  return <Text size="xs" c="dimmed" data-testid="dashboard-period">{t('analytics.dashboard.period', { from: formatDate(period.from), to: formatDate(period.to) })}</Text>;
}

/** Amounts in several currencies, side by side. */
export function formatMoneyFigures(figures: MoneyFigure[]): string {
  if (figures.length === 0) return '—';
  return figures.map((f) => formatAmount(String(f.amount), f.currency)).join(', ');
}

/** A list that shows its first `limit` items and says how many more there are. */
export function ShortList<T>({ items, limit, render }: { items: T[]; limit: number; render: (item: T) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      {items.slice(0, limit).map(render)}
      {items.length > limit && <Text size="xs" c="dimmed">{t('analytics.dashboard.more', { count: items.length - limit })}</Text>}
    </Stack>
  );
}

/** The weighted and the win-rate forecast of the open deals for this month and the next ones. */
interface SalesForecastWidgetProps {
  filters: AnalyticsFilters;
  title: string;
  emptyText: string;
  fileName: string;
  testId: string;
  to: string;
}

export function SalesForecastWidget({ filters, title, emptyText, fileName, testId, to }: SalesForecastWidgetProps) {
  const { t, i18n } = useTranslation();
  const report = useSalesForecastReport(filters);
  const data = report.data;
  const chart = useMemo(() => {
    if (!data) return null;
    const { currency, rows } = upcomingForecast(data.months, currentMonth());
    if (!currency) return null;
    const isHidden = data.is_amount_hidden;
    const number = (value: string | null) => (value ? Math.round(Number(value)) : 0);
    // Without amounts the same picture in deals: open deals and the wins history expects of them.
    const series = isHidden
      ? [
        { name: t('analytics.sales.forecast.openDeals'), data: rows.map((m) => m.open_deals) },
        { name: t('analytics.sales.forecast.expectedWins'), data: rows.map((m) => Number(m.expected_wins.toFixed(1))) },
      ]
      : [
        { name: t('analytics.sales.forecast.weighted'), data: rows.map((m) => number(m.weighted_amount)) },
        { name: t('analytics.sales.forecast.winRate'), data: rows.map((m) => number(m.win_rate_amount)) },
      ];
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((m) => formatReportMonth(m.month)) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, { notation: 'compact' }) } },
      series: series.map((s) => ({ ...s, type: 'bar' as const, barMaxWidth: 24 })),
    };
    const table: ChartTable = {
      columns: [t('analytics.sales.forecast.month'), t('analytics.sales.forecast.currency'), t('analytics.sales.forecast.openDeals'),
        t('analytics.sales.forecast.weighted'), t('analytics.sales.forecast.winRate'), t('analytics.sales.forecast.expectedWins')],
      rows: rows.map((m) => [m.month, m.currency, m.open_deals, m.weighted_amount, m.win_rate_amount, Number(m.expected_wins.toFixed(2))]),
    };
    return { option, table, currency, isHidden };
  }, [data, t, i18n.language]);
  const chartTitle = chart && (chart.isHidden
    ? t('analytics.dashboard.forecast.inDeals', { title })
    : t('analytics.dashboard.forecast.inCurrency', { title, currency: chart.currency }));
  return (
    <DashboardWidget
      title={title} to={to} testId={testId} frame="chart" isPending={report.isPending} error={report.error}
      isEmpty={!chart} emptyText={emptyText}
    >
      {chart && <AnalyticsChart title={chartTitle!} fileName={fileName} option={chart.option} table={chart.table} height={260} />}
    </DashboardWidget>
  );
}
