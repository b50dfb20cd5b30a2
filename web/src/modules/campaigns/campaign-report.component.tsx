import { useMemo } from 'react';
import { Alert, Card, Stack, Table, Text } from '@mantine/core';
import type * as echarts from 'echarts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { AnalyticsChart } from '../analytics/analytics-chart.component.tsx';
import { formatMoney } from '../analytics/customer-analytics.parts.tsx';
import type { Campaign, CampaignReport } from './campaigns.types.ts';

const percent = (value: number | null) => (value === null ? '—' : formatNumber(value, { style: 'percent', maximumFractionDigits: 1 }));
const points = (value: number) => formatNumber(value * 100, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** The report: the significance result, each variant and the holdout, and their rates as a chart. */
export function CampaignReportView({ campaign, report }: { campaign: Campaign; report: CampaignReport }) {
  const { t } = useTranslation();
  const currency = campaign.currency ?? 'RUB';
  const variantLabel = (key: string) => (key === 'holdout' ? t('campaigns.holdoutLabel') : key);
  const { experiment } = report;
  const option = useMemo<echarts.EChartsOption>(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
    legend: {},
    xAxis: { type: 'category', data: report.rows.map((r) => (r.variant === 'holdout' ? t('campaigns.holdoutLabel') : r.variant)) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: ([['openRate', 'open_rate'], ['clickRate', 'click_rate'], ['conversionRate', 'conversion_rate']] as const).map(([label, key]) => ({
      name: t(`campaigns.report.${label}`), type: 'bar', data: report.rows.map((r) => (r[key] === null ? null : r[key]! * 100)),
    })),
  }), [report, t]);
  const columns = [t('campaigns.report.variant'), t('campaigns.report.openRate'), t('campaigns.report.clickRate'), t('campaigns.report.conversionRate')];

  return (
    <Stack>
      <Alert color={experiment.winner ? 'green' : 'gray'} data-testid="campaign-experiment">
        <Text fw={500}>
          {experiment.winner ? t('campaigns.report.winner', { key: experiment.winner })
            : experiment.leader ? `${t('campaigns.report.noWinner')} · ${t('campaigns.report.leader', { key: experiment.leader })}` : t('campaigns.report.noWinner')}
        </Text>
        {experiment.p_value !== null && (
          <Text size="sm">{t('campaigns.report.pValue', { value: formatNumber(experiment.p_value, { maximumSignificantDigits: 3 }), metric: t(`campaigns.metrics.${report.metric}`) })}</Text>
        )}
      </Alert>
      <Card withBorder p={0}>
        <Table.ScrollContainer minWidth={900}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {(['variant', 'recipients', 'sent', 'delivered', 'openRate', 'clickRate', 'unsubscribed', 'conversions', 'revenue', 'converted', 'conversionRate', 'uplift'] as const)
                  .map((key) => <Table.Th key={key}>{t(`campaigns.report.${key}`)}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((row) => (
                <Table.Tr key={row.variant} data-testid="campaign-report-row">
                  <Table.Td fw={500}>{variantLabel(row.variant)}</Table.Td>
                  <Table.Td>{formatNumber(row.recipients)}</Table.Td>
                  <Table.Td>{formatNumber(row.sent)}</Table.Td>
                  <Table.Td>{formatNumber(row.delivered)}</Table.Td>
                  <Table.Td>{percent(row.open_rate)}</Table.Td>
                  <Table.Td>{percent(row.click_rate)}</Table.Td>
                  <Table.Td>{formatNumber(row.unsubscribed)}</Table.Td>
                  <Table.Td>{formatNumber(row.conversions)}</Table.Td>
                  <Table.Td>{formatMoney(row.revenue, currency)}</Table.Td>
                  <Table.Td>{formatNumber(row.converted)}</Table.Td>
                  <Table.Td>{percent(row.conversion_rate)}</Table.Td>
                  <Table.Td>
                    {row.uplift_vs_holdout
                      ? `${points(row.uplift_vs_holdout.difference)} pp [${points(row.uplift_vs_holdout.low)}; ${points(row.uplift_vs_holdout.high)}]`
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Text size="sm" c="dimmed">
        {t('campaigns.report.window', { days: report.conversion_window_days })}
        {report.totals.roi !== null && ` · ${t('campaigns.report.roi')}: ${percent(report.totals.roi)}`}
      </Text>
      <AnalyticsChart
        title={t('campaigns.report.chart')} fileName={`campaign-${campaign.id}`} option={option}
        table={{ columns, rows: report.rows.map((r) => [variantLabel(r.variant), r.open_rate, r.click_rate, r.conversion_rate]) }}
      />
    </Stack>
  );
}
