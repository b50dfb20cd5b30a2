import { useMemo, useState } from 'react';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useCohortsReport, type CohortsReport } from './customer-analytics.api.ts';
import { CustomerFilters, CustomerReportBody, formatCount, formatMoney, formatMonth, formatPercent } from './customer-analytics.parts.tsx';
import { Formula } from './report-body.component.tsx';

type Matrix = (number | null)[][];

/** A cohort × month heatmap; rows are labelled with the cohort and its size, blank cells are months not observed yet. */
function heatmapOption(report: CohortsReport, matrix: Matrix, label: (value: number) => string, columnLabel: (n: number) => string, sizeLabel: string): EChartsOption {
  const rows = report.cohorts.map((c) => `${formatMonth(c.month)} · ${c.size}`);
  const columns = Array.from({ length: report.max_offset + 1 }, (_, n) => columnLabel(n));
  const data = matrix.flatMap((row, y) => row.flatMap((value, x) => (value === null ? [] : [[x, y, value]])));
  // Month 0 is 100% retention by definition; the scale follows the later months so they stay readable.
  const later = data.filter((d) => d[0]! > 0);
  const max = Math.max(0, ...(later.length > 0 ? later : data).map((d) => d[2]!));
  return {
    tooltip: { position: 'top', formatter: (p) => { const [x, y, value] = (p as { value: number[] }).value; return `${rows[y!]}, ${columns[x!]}: ${label(value!)}`; } },
    grid: { left: 8, right: 16, top: 8, bottom: 76, containLabel: true },
    xAxis: { type: 'category', data: columns, splitArea: { show: true } },
    yAxis: { type: 'category', data: rows, inverse: true, name: sizeLabel, nameLocation: 'start', splitArea: { show: true } },
    visualMap: { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#f1f5fe', '#4c6ef5', '#1c2f8a'] } },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10, formatter: (p) => label((p as { value: number[] }).value[2]!) } }],
  };
}

function matrixTable(report: CohortsReport, matrix: Matrix, cohortLabel: string, sizeLabel: string, columnLabel: (n: number) => string): ChartTable {
  return {
    columns: [cohortLabel, sizeLabel, ...Array.from({ length: report.max_offset + 1 }, (_, n) => columnLabel(n))],
    rows: report.cohorts.map((c, i) => [c.month, c.size, ...matrix[i]!]),
  };
}

/** Monthly acquisition cohorts: retention and revenue by months since the first purchase. */
export function CohortsPage() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useCohortsReport(filters);
  const [revenueMode, setRevenueMode] = useState<'total' | 'per_customer'>('per_customer');
  const data = report.data;

  const charts = useMemo(() => {
    if (!data || data.cohorts.length === 0) return null;
    const columnLabel = (n: number) => t('analytics.customers.cohorts.month', { n });
    const cohortLabel = t('analytics.customers.cohorts.cohort');
    const sizeLabel = t('analytics.customers.cohorts.size');
    const retention: Matrix = data.cohorts.map((c) => c.retention ?? []);
    const money: Matrix = data.cohorts.map((c) => (revenueMode === 'total' ? c.revenue : c.revenue_per_customer)?.map((v) => (v === null ? null : Number(v))) ?? []);
    return {
      retention: { option: heatmapOption(data, retention, (v) => formatPercent(v), columnLabel, sizeLabel), table: matrixTable(data, retention, cohortLabel, sizeLabel, columnLabel) },
      revenue: data.is_money_hidden ? null : {
        option: heatmapOption(data, money, (v) => formatMoney(v, data.currency), columnLabel, sizeLabel),
        table: matrixTable(data, money, cohortLabel, sizeLabel, columnLabel),
      },
    };
  }, [data, revenueMode, t]);

  const height = Math.max(240, 64 + (data?.cohorts.length ?? 0) * 28);
  return (
    <>
      <PageHeader title={t('analytics.customers.cohorts.title')} description={t('analytics.customers.cohorts.description')} />
      <CustomerFilters />
      <CustomerReportBody isPending={report.isPending} error={report.error} isEmpty={!charts} isMoneyHidden={data?.is_money_hidden}>
        {charts && data && (
          <Stack gap="md">
            <Text size="sm" c="dimmed" data-testid="cohorts-summary">
              {t('analytics.customers.cohorts.summary', { customers: formatCount(data.customers), cohorts: data.cohorts.length })}
            </Text>
            <AnalyticsChart title={t('analytics.customers.cohorts.retention')} fileName="cohorts-retention" option={charts.retention.option} table={charts.retention.table} height={height} />
            {charts.revenue && (
              <>
                <SegmentedControl
                  w="fit-content" value={revenueMode} onChange={(value) => setRevenueMode(value as 'total' | 'per_customer')}
                  data={[{ value: 'per_customer', label: t('analytics.customers.cohorts.perCustomer') }, { value: 'total', label: t('analytics.customers.cohorts.total') }]}
                />
                <AnalyticsChart
                  title={revenueMode === 'total' ? t('analytics.customers.cohorts.revenue') : t('analytics.customers.cohorts.perCustomer')}
                  fileName={`cohorts-revenue-${revenueMode}`} option={charts.revenue.option} table={charts.revenue.table} height={height}
                />
              </>
            )}
          </Stack>
        )}
        <Formula text={t('analytics.customers.cohorts.formula')} />
      </CustomerReportBody>
    </>
  );
}
