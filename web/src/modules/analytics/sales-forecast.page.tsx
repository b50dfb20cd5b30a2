import { useMemo, useState } from 'react';
import { Alert, Card, Group, Select, Stack, Table, Title } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { localized } from '../records/index.ts';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import { AnalyticsFilterBar, useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useSalesForecastReport } from './sales-analytics.api.ts';
import { formatAmount, formatCount, formatReportMonth, formatShare, monthsBetween } from './sales-analytics.format.ts';
import { Formula, ReportBody } from './report-body.component.tsx';
import type { ForecastMonthRow, SalesForecastReport } from './sales-analytics.types.ts';

/** The currency most rows are in: the one to chart first. */
function mainCurrency(months: ForecastMonthRow[]): string | undefined {
  const counts = new Map<string, number>();
  for (const row of months) counts.set(row.currency, (counts.get(row.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function ForecastReport({ report }: { report: SalesForecastReport }) {
  const { t, i18n } = useTranslation();
  const currencies = [...new Set(report.months.map((m) => m.currency))].sort();
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked && currencies.includes(picked) ? picked : mainCurrency(report.months)!;
  const isHidden = report.is_amount_hidden;

  const { option, table, rows } = useMemo(() => {
    const inCurrency = report.months.filter((m) => m.currency === currency);
    const months = monthsBetween(inCurrency[0]!.month, inCurrency.at(-1)!.month);
    const row = (month: string) => inCurrency.find((m) => m.month === month);
    const number = (value: string | null | undefined) => (value ? Number(value) : 0);
    // Without amounts, the same picture in deals: won, open, and expected wins.
    const series = isHidden
      ? [
        { name: t('analytics.sales.forecast.wonDeals'), data: months.map((m) => row(m)?.won_deals ?? 0) },
        { name: t('analytics.sales.forecast.openDeals'), data: months.map((m) => row(m)?.open_deals ?? 0) },
        { name: t('analytics.sales.forecast.expectedWins'), data: months.map((m) => row(m)?.expected_wins ?? 0) },
      ]
      : [
        { name: t('analytics.sales.forecast.won'), data: months.map((m) => number(row(m)?.won_amount)) },
        { name: t('analytics.sales.forecast.weighted'), data: months.map((m) => number(row(m)?.weighted_amount)) },
        { name: t('analytics.sales.forecast.winRate'), data: months.map((m) => number(row(m)?.win_rate_amount)) },
      ];
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map(formatReportMonth) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, { notation: 'compact' }) } },
      series: series.map((s) => ({ ...s, type: 'bar' as const, barMaxWidth: 28 })),
    };
    const table: ChartTable = {
      columns: [t('analytics.sales.forecast.month'), t('analytics.sales.forecast.currency'), t('analytics.sales.forecast.openDeals'), t('analytics.sales.forecast.pipeline'),
        t('analytics.sales.forecast.weighted'), t('analytics.sales.forecast.winRate'), t('analytics.sales.forecast.expectedWins'), t('analytics.sales.forecast.wonDeals'),
        t('analytics.sales.forecast.won')],
      rows: inCurrency.map((m) => [m.month, m.currency, m.open_deals, m.pipeline_amount, m.weighted_amount, m.win_rate_amount, m.expected_wins, m.won_deals, m.won_amount]),
    };
    return { option, table, rows: inCurrency };
  }, [report, currency, isHidden, t, i18n.language]);

  return (
    <Stack gap="md">
      {isHidden && <Alert color="gray">{t('analytics.sales.forecast.amountsHidden')}</Alert>}
      {currencies.length > 1 && (
        <Select label={t('analytics.sales.forecast.currency')} data={currencies} value={currency} onChange={setPicked} allowDeselect={false} w={140} />
      )}
      <AnalyticsChart
        title={isHidden ? t('analytics.sales.forecast.chartCounts') : t('analytics.sales.forecast.chart', { currency })}
        fileName="sales-forecast" option={option} table={table}
      />
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="xs" data-testid="forecast-months">
            <Table.Thead>
              <Table.Tr>
                {table.columns.filter((_, i) => i !== 1).map((column, i) => <Table.Th key={column} ta={i === 0 ? undefined : 'right'}>{column}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatReportMonth(m.month)}</Table.Td>
                  <Table.Td ta="right">{formatCount(m.open_deals)}</Table.Td>
                  <Table.Td ta="right">{formatAmount(m.pipeline_amount, m.currency)}</Table.Td>
                  <Table.Td ta="right">{formatAmount(m.weighted_amount, m.currency)}</Table.Td>
                  <Table.Td ta="right" fw={600}>{formatAmount(m.win_rate_amount, m.currency)}</Table.Td>
                  <Table.Td ta="right">{formatCount(m.expected_wins)}</Table.Td>
                  <Table.Td ta="right">{formatCount(m.won_deals)}</Table.Td>
                  <Table.Td ta="right">{formatAmount(m.won_amount, m.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Title order={4}>{t('analytics.sales.forecast.stagesTitle')}</Title>
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" data-testid="forecast-stages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.filters.pipeline')}</Table.Th>
                <Table.Th>{t('analytics.sales.forecast.stage')}</Table.Th>
                <Table.Th ta="right">{t('analytics.sales.forecast.probability')}</Table.Th>
                <Table.Th ta="right">{t('analytics.sales.forecast.closedDeals')}</Table.Th>
                <Table.Th ta="right">{t('analytics.sales.forecast.wonOfThem')}</Table.Th>
                <Table.Th ta="right">{t('analytics.sales.forecast.stageWinRate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.stages.map((s) => (
                <Table.Tr key={`${s.pipeline_id}-${s.key}`}>
                  <Table.Td>{s.pipeline_name}</Table.Td>
                  <Table.Td>{localized(s.label, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{formatShare(s.probability / 100)}</Table.Td>
                  <Table.Td ta="right">{formatCount(s.closed_deals)}</Table.Td>
                  <Table.Td ta="right">{formatCount(s.won_deals)}</Table.Td>
                  <Table.Td ta="right" fw={600}>{formatShare(s.win_rate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}

/** Open deals by expected close month, two forecasts side by side, and revenue won in past months. */
export function SalesForecastPage() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useSalesForecastReport(filters);
  return (
    <>
      <PageHeader title={t('analytics.sales.forecast.title')} description={t('analytics.sales.forecast.description')} />
      <Group gap="sm" align="flex-end">
        <AnalyticsFilterBar fields={['period', 'owner', 'team', 'pipeline']} />
      </Group>
      <ReportBody isPending={report.isPending} error={report.error} isEmpty={(report.data?.months.length ?? 0) === 0}>
        {report.data && <ForecastReport report={report.data} />}
        <Formula text={t('analytics.sales.forecast.formula')} />
      </ReportBody>
    </>
  );
}
