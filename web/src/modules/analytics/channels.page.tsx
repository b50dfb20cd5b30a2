import { useMemo } from 'react';
import { Alert, Card, Stack, Table } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useChannelsReport } from './customer-analytics.api.ts';
import { CustomerFilters, CustomerReportBody, formatCount, formatMoney, formatPercent } from './customer-analytics.parts.tsx';
import { Formula } from './report-body.component.tsx';

/** Revenue, customers, conversion, CAC and ROI by acquisition source. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useChannelsReport(filters);
  const data = report.data;

  const view = useMemo(() => {
    if (!data || data.channels.length === 0) return null;
    const name = (source: string | null) => source ?? t('analytics.customers.noSource');
    const labels = data.channels.map((c) => name(c.source));
    const revenue = t('analytics.customers.revenue');
    const spend = t('analytics.customers.channels.spend');
    const option: EChartsOption = {
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(Number(v), data.currency) },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatCount(v) } },
      series: [
        { type: 'bar', name: revenue, data: data.channels.map((c) => Number(c.revenue ?? 0)), barMaxWidth: 32 },
        ...(data.is_spend_attributed ? [{ type: 'bar' as const, name: spend, data: data.channels.map((c) => Number(c.spend ?? 0)), barMaxWidth: 32 }] : []),
      ],
    };
    const columns = [t('analytics.customers.source'), revenue, t('analytics.customers.orders'), t('analytics.customers.customers'),
      t('analytics.customers.channels.newCustomers'), t('analytics.customers.channels.leads'), t('analytics.customers.channels.conversion'),
      spend, t('analytics.customers.channels.cac'), t('analytics.customers.channels.roi')];
    const table: ChartTable = {
      columns,
      rows: data.channels.map((c) => [name(c.source), c.revenue, c.orders, c.customers, c.new_customers, c.leads, c.lead_conversion, c.spend, c.cac, c.roi]),
    };
    return { option, table, name };
  }, [data, t]);

  return (
    <>
      <PageHeader title={t('analytics.customers.channels.title')} description={t('analytics.customers.channels.description')} />
      <CustomerFilters />
      <CustomerReportBody isPending={report.isPending} error={report.error} isEmpty={!view} isMoneyHidden={data?.is_money_hidden}>
        {data && view && (
          <Stack gap="md">
            {!data.is_spend_attributed && <Alert color="gray">{t('analytics.customers.channels.notAttributed')}</Alert>}
            <AnalyticsChart title={t('analytics.customers.channels.chart')} fileName="channel-economics" option={view.option} table={view.table} />
            <Card withBorder radius="md" padding={0}>
              <Table.ScrollContainer minWidth={900}>
                <Table striped verticalSpacing="xs" data-testid="channels-table">
                  <Table.Thead>
                    <Table.Tr>{view.table.columns.map((column, i) => <Table.Th key={column} ta={i === 0 ? undefined : 'right'}>{column}</Table.Th>)}</Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.channels.map((c) => (
                      <Table.Tr key={c.source ?? ''}>
                        <Table.Td>{view.name(c.source)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(c.revenue, data.currency)}</Table.Td>
                        <Table.Td ta="right">{formatCount(c.orders)}</Table.Td>
                        <Table.Td ta="right">{formatCount(c.customers)}</Table.Td>
                        <Table.Td ta="right">{formatCount(c.new_customers)}</Table.Td>
                        <Table.Td ta="right">{formatCount(c.leads)}</Table.Td>
                        <Table.Td ta="right">{formatPercent(c.lead_conversion)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(c.spend, data.currency)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(c.cac, data.currency)}</Table.Td>
                        <Table.Td ta="right">{formatPercent(c.roi)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          </Stack>
        )}
        <Formula text={t('analytics.customers.channels.formula')} />
      </CustomerReportBody>
    </>
  );
}
