import { useMemo } from 'react';
import { Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { optionLabel, useObjectTypes } from '../records/index.ts';
import { AnalyticsChart } from './analytics-chart.component.tsx';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useParetoReport, type ParetoGroup, type ParetoReport, type PortraitGroups } from './customer-analytics.api.ts';
import { CustomerFilters, CustomerReportBody, formatCount, formatMoney, formatPercent } from './customer-analytics.parts.tsx';
import { Formula } from './report-body.component.tsx';

function GroupCard({ title, group, currency }: { title: string; group: ParetoGroup; currency: string }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('analytics.customers.customers'), formatCount(group.customers)],
    [t('analytics.customers.orders'), formatCount(group.orders)],
    [t('analytics.customers.revenue'), `${formatMoney(group.revenue, currency)} (${formatPercent(group.revenue_share)})`],
    [t('analytics.customers.pareto.aov'), formatMoney(group.average_order_value, currency)],
    [t('analytics.customers.pareto.perCustomer'), formatMoney(group.revenue_per_customer, currency)],
  ];
  return (
    <Card withBorder radius="md" padding="md">
      <Text fw={600} mb="xs">{title}</Text>
      {rows.map(([label, value]) => (
        <Group key={label} justify="space-between" gap="xs"><Text size="sm" c="dimmed">{label}</Text><Text size="sm">{value}</Text></Group>
      ))}
    </Card>
  );
}

/** Top against the rest on one attribute: each value's share of the group's revenue. */
function portraitChart(groups: PortraitGroups, name: (value: string | null) => string, labels: { top: string; rest: string }) {
  const values = [...new Set([...groups.top, ...groups.rest].map((r) => r.value))];
  const share = (list: PortraitGroups['top'], value: string | null) => list.find((r) => r.value === value)?.share ?? 0;
  const option: EChartsOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatPercent(Number(v)) },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: values.map(name), inverse: true },
    series: [
      { type: 'bar', name: labels.top, data: values.map((v) => share(groups.top, v)), barMaxWidth: 14 },
      { type: 'bar', name: labels.rest, data: values.map((v) => share(groups.rest, v)), barMaxWidth: 14 },
    ],
  };
  const table = {
    columns: ['', `${labels.top}, %`, `${labels.rest}, %`],
    rows: values.map((v) => [name(v), share(groups.top, v), share(groups.rest, v)]),
  };
  return { option, table, height: 80 + values.length * 34 };
}

function curveOption(report: ParetoReport, labels: { x: string; y: string; equality: string; revenue: string }): EChartsOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatPercent(Number(v)) },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: labels.x, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'value', min: 0, max: 100, name: labels.y, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'line', name: labels.revenue, smooth: false, symbolSize: 4, areaStyle: { opacity: 0.15 },
        data: report.curve.map((p) => [p.customers_share, p.revenue_share]),
        markLine: { symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ xAxis: 20 }] },
      },
      { type: 'line', name: labels.equality, symbol: 'none', lineStyle: { type: 'dotted' }, data: [[0, 0], [100, 100]] },
    ],
  };
}

/** Pareto analysis: the top 20% of customers' revenue share, the curve, and who the top customers are. */
export function ParetoPage() {
  const { t, i18n } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useParetoReport(filters);
  const types = useObjectTypes();
  const data = report.data;

  const view = useMemo(() => {
    if (!data || data.customers === 0 || !data.portrait) return null;
    const channelField = types.data?.find((type) => type.plural === 'orders')?.fields.find((f) => f.name === 'channel');
    const plain = (value: string | null) => value ?? t('analytics.customers.pareto.noValue');
    const channel = (value: string | null) => (value && channelField ? optionLabel(channelField, value, i18n.language) : plain(value));
    const groups = { top: t('analytics.customers.pareto.top'), rest: t('analytics.customers.pareto.rest') };
    const portraits = [
      { key: 'categories', title: t('analytics.customers.pareto.categories'), groups: data.portrait.categories, name: plain },
      { key: 'channels', title: t('analytics.customers.pareto.channels'), groups: data.portrait.channels, name: channel },
      { key: 'sources', title: t('analytics.customers.pareto.sources'), groups: data.portrait.sources, name: plain },
      ...(data.portrait.cities ? [{ key: 'cities', title: t('analytics.customers.pareto.cities'), groups: data.portrait.cities, name: plain }] : []),
    ].map((p) => ({ ...p, chart: portraitChart(p.groups, p.name, groups) }));
    return {
      curve: {
        option: curveOption(data, { x: t('analytics.customers.pareto.customersShare'), y: t('analytics.customers.pareto.revenueShare'), equality: t('analytics.customers.pareto.equality'), revenue: t('analytics.customers.revenue') }),
        table: { columns: [t('analytics.customers.pareto.customersShare'), t('analytics.customers.pareto.revenueShare')], rows: data.curve.map((p) => [p.customers_share, p.revenue_share]) },
      },
      portraits,
    };
  }, [data, types.data, t, i18n.language]);

  return (
    <>
      <PageHeader title={t('analytics.customers.pareto.title')} description={t('analytics.customers.pareto.description')} />
      <CustomerFilters />
      <CustomerReportBody isPending={report.isPending} error={report.error} isEmpty={!data?.is_money_hidden && !view} isMoneyHidden={data?.is_money_hidden}>
        {data && view && (
          <Stack gap="md">
            <Title order={3} data-testid="pareto-headline">
              {t('analytics.customers.pareto.headline', { top: data.top_customers, customers: data.customers, share: formatPercent(data.top_share) })}
            </Title>
            <Grid>
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <AnalyticsChart title={t('analytics.customers.pareto.curve')} fileName="pareto-curve" option={view.curve.option} table={view.curve.table} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Stack gap="md">
                  {data.groups && <GroupCard title={t('analytics.customers.pareto.top')} group={data.groups.top} currency={data.currency} />}
                  {data.groups && <GroupCard title={t('analytics.customers.pareto.rest')} group={data.groups.rest} currency={data.currency} />}
                </Stack>
              </Grid.Col>
            </Grid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {view.portraits.map((p) => (
                <AnalyticsChart key={p.key} title={p.title} fileName={`pareto-${p.key}`} option={p.chart.option} table={p.chart.table} height={p.chart.height} />
              ))}
            </SimpleGrid>
          </Stack>
        )}
        <Formula text={t('analytics.customers.pareto.formula')} />
      </CustomerReportBody>
    </>
  );
}
