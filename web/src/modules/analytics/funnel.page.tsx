import { useMemo } from 'react';
import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { localized } from '../records/index.ts';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import { AnalyticsFilterBar, useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useFunnelReport } from './sales-analytics.api.ts';
import { formatCount, formatReportMonth, formatShare } from './sales-analytics.format.ts';
import { Formula, ReportBody } from './report-body.component.tsx';
import { SourceFilter } from './sales-analytics.parts.tsx';
import type { FunnelPipeline } from './sales-analytics.types.ts';

function barOption(labels: string[], values: number[], name: string): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [{ type: 'bar', name, data: values, barMaxWidth: 24 }],
  };
}

function PipelineFunnel({ pipeline, index }: { pipeline: FunnelPipeline; index: number }) {
  const { t, i18n } = useTranslation();
  const label = (text: { en: string; ru: string }) => localized(text, i18n.language);
  const days = (value: number | null) => (value === null ? '—' : t('analytics.sales.days', { value: formatCount(value) }));
  const chart = useMemo(() => {
    const label = (text: { en: string; ru: string }) => localized(text, i18n.language);
    // The funnel's steps: the open stages in order, then winning.
    const steps = pipeline.stages.filter((s) => s.outcome !== 'lost');
    const option: EChartsOption = {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [{
        type: 'funnel', sort: 'none', left: '4%', width: '62%', minSize: '8%', gap: 2,
        label: { show: true, position: 'right', formatter: '{b}: {c}' },
        data: steps.map((s) => ({ name: label(s.label), value: s.reached })),
      }],
    };
    const table: ChartTable = {
      columns: [t('analytics.sales.funnel.stage'), t('analytics.sales.funnel.reached'), t('analytics.sales.funnel.conversion'), t('analytics.sales.funnel.lostHere'),
        t('analytics.sales.funnel.inStageNow'), t('analytics.sales.funnel.medianDays'), t('analytics.sales.funnel.p90Days')],
      rows: pipeline.stages.map((s) => [label(s.label), s.reached, s.conversion_to_next, s.lost_here, s.in_stage_now, s.median_days, s.p90_days]),
    };
    return { option, table };
  }, [pipeline, t, i18n.language]);

  const bottleneck = pipeline.bottleneck;
  const breakdowns = useMemo(() => {
    if (!bottleneck) return [];
    const owners = bottleneck.by_owner.map((o) => o.owner_name ?? t('analytics.sales.funnel.noOwner'));
    const sources = bottleneck.by_source.map((s) => s.source ?? t('analytics.sales.funnel.noSource'));
    const months = bottleneck.by_month.map((m) => formatReportMonth(m.month));
    const lost = t('analytics.sales.funnel.lost');
    return [
      { key: 'owner', title: t('analytics.sales.funnel.byOwner'), column: t('analytics.sales.funnel.owner'), labels: owners, values: bottleneck.by_owner.map((o) => o.lost) },
      { key: 'source', title: t('analytics.sales.funnel.bySource'), column: t('analytics.sales.source'), labels: sources, values: bottleneck.by_source.map((s) => s.lost) },
      { key: 'month', title: t('analytics.sales.funnel.byMonth'), column: t('analytics.sales.funnel.month'), labels: months, values: bottleneck.by_month.map((m) => m.lost) },
    ].map((b) => ({ ...b, option: barOption(b.labels, b.values, lost), table: { columns: [b.column, lost], rows: b.labels.map((l, i) => [l, b.values[i]!]) } }));
  }, [bottleneck, t]);

  return (
    <Stack gap="md" data-testid="funnel-pipeline">
      <div>
        <Title order={3}>{pipeline.name}</Title>
        <Text size="sm" c="dimmed">
          {t('analytics.sales.funnel.summary', { deals: formatCount(pipeline.deals), won: formatCount(pipeline.won), lost: formatCount(pipeline.lost), winRate: formatShare(pipeline.win_rate) })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('analytics.sales.funnel.cycle', { count: pipeline.sales_cycle.won_deals, median: days(pipeline.sales_cycle.median_days), p90: days(pipeline.sales_cycle.p90_days) })}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        <AnalyticsChart title={t('analytics.sales.funnel.chart', { pipeline: pipeline.name })} fileName={`funnel-${index + 1}`} option={chart.option} table={chart.table} />
        <Card withBorder radius="md" padding={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" data-testid="funnel-stages">
              <Table.Thead>
                <Table.Tr>
                  {chart.table.columns.map((column, i) => <Table.Th key={column} ta={i === 0 ? undefined : 'right'}>{column}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pipeline.stages.map((s) => (
                  <Table.Tr key={s.key}>
                    <Table.Td>{label(s.label)}</Table.Td>
                    <Table.Td ta="right">{formatCount(s.reached)}</Table.Td>
                    <Table.Td ta="right">{formatShare(s.conversion_to_next)}</Table.Td>
                    <Table.Td ta="right">{s.outcome === 'open' ? formatCount(s.lost_here) : '—'}</Table.Td>
                    <Table.Td ta="right">{s.outcome === 'open' ? formatCount(s.in_stage_now) : '—'}</Table.Td>
                    <Table.Td ta="right">{formatCount(s.median_days)}</Table.Td>
                    <Table.Td ta="right">{formatCount(s.p90_days)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      </SimpleGrid>
      {bottleneck ? (
        <>
          <Title order={4} data-testid="funnel-bottleneck">
            {t('analytics.sales.funnel.bottleneck', { stage: label(bottleneck.label), lost: bottleneck.lost, share: formatShare(bottleneck.share_of_losses) })}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {breakdowns.map((b) => (
              <AnalyticsChart key={b.key} title={b.title} fileName={`funnel-${index + 1}-losses-${b.key}`} option={b.option} table={b.table} height={240} />
            ))}
          </SimpleGrid>
        </>
      ) : (
        <Text size="sm" c="dimmed">{t('analytics.sales.funnel.noBottleneck')}</Text>
      )}
    </Stack>
  );
}

/** The sales funnel of each pipeline for the deals created in the period. */
export function FunnelPage() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useFunnelReport(filters);
  const pipelines = report.data?.pipelines ?? [];
  return (
    <>
      <PageHeader title={t('analytics.sales.funnel.title')} description={t('analytics.sales.funnel.description')} />
      <Group gap="sm" align="flex-end">
        <AnalyticsFilterBar fields={['period', 'owner', 'team', 'pipeline']} />
        <SourceFilter />
      </Group>
      <ReportBody isPending={report.isPending} error={report.error} isEmpty={pipelines.every((p) => p.deals === 0 && p.sales_cycle.won_deals === 0)}>
        <Stack gap="xl">
          {pipelines.map((pipeline, index) => <PipelineFunnel key={pipeline.id} pipeline={pipeline} index={index} />)}
        </Stack>
        <Formula text={t('analytics.sales.funnel.formula')} />
      </ReportBody>
    </>
  );
}
