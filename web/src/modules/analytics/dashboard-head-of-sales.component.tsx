import { useMemo } from 'react';
import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { localized } from '../records/index.ts';
import { mainFunnel, topMembers } from './dashboard.figures.ts';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';
import { DashboardGrid, DashboardWidget, PeriodNote, SalesForecastWidget, reportLink } from './dashboard.parts.tsx';
import { useFunnelReport, useTeamActivityReport } from './sales-analytics.api.ts';
import { formatCount, formatShare } from './sales-analytics.format.ts';

const TOP_MEMBERS = 5;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fz={24} fw={700} data-testid={testId}>{value}</Text>
    </div>
  );
}

/** The default pipeline's funnel in three figures and its bottleneck: where most deals are lost. */
function FunnelWidget({ period }: { period: AnalyticsFilters }) {
  const { t, i18n } = useTranslation();
  const report = useFunnelReport(period);
  const pipeline = report.data && mainFunnel(report.data.pipelines);
  const bottleneck = pipeline?.bottleneck;
  return (
    <DashboardWidget
      title={pipeline ? t('analytics.dashboard.funnel.titleOf', { pipeline: pipeline.name }) : t('analytics.dashboard.funnel.title')}
      to={reportLink('/analytics/funnel', period)} testId="funnel" isPending={report.isPending} error={report.error}
      isEmpty={!pipeline} emptyText={t('analytics.dashboard.funnel.empty')}
    >
      {pipeline && report.data && (
        <Stack gap="sm">
          <SimpleGrid cols={3}>
            <Figure label={t('analytics.dashboard.funnel.deals')} value={formatCount(pipeline.deals)} testId="dashboard-funnel-deals" />
            <Figure label={t('analytics.dashboard.funnel.won')} value={formatCount(pipeline.won)} testId="dashboard-funnel-won" />
            <Figure label={t('analytics.dashboard.funnel.winRate')} value={formatShare(pipeline.win_rate)} testId="dashboard-funnel-win-rate" />
          </SimpleGrid>
          <div>
            <Text size="xs" c="dimmed">{t('analytics.dashboard.funnel.bottleneck')}</Text>
            <Text fw={600} c={bottleneck ? 'red' : undefined} data-testid="dashboard-funnel-bottleneck">
              {bottleneck
                ? t('analytics.dashboard.funnel.bottleneckText', { stage: localized(bottleneck.label, i18n.language), lost: formatCount(bottleneck.lost), share: formatShare(bottleneck.share_of_losses) })
                : t('analytics.dashboard.funnel.noBottleneck')}
            </Text>
          </div>
          <Text size="xs" c="dimmed">{t('analytics.dashboard.funnel.created')}</Text>
          <PeriodNote period={report.data.period} />
        </Stack>
      )}
    </DashboardWidget>
  );
}

/** The most successful members of the period: calls, meetings, emails and deals won. */
function TeamWidget({ period }: { period: AnalyticsFilters }) {
  const { t } = useTranslation();
  const report = useTeamActivityReport(period);
  const members = useMemo(() => topMembers(report.data?.members ?? [], TOP_MEMBERS), [report.data]);
  const columns = ['calls', 'meetings', 'emails', 'wonDeals'] as const;
  return (
    <DashboardWidget
      title={t('analytics.dashboard.team.title')} to={reportLink('/analytics/team', period)} testId="team" isPending={report.isPending} error={report.error}
      isEmpty={members.length === 0} emptyText={t('analytics.dashboard.team.empty')}
    >
      {report.data && <PeriodNote period={report.data.period} />}
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} striped data-testid="dashboard-team">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('analytics.sales.team.employee')}</Table.Th>
              {columns.map((key) => <Table.Th key={key} ta="right">{t(`analytics.sales.team.${key}`)}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td ta="right">{formatCount(m.calls)}</Table.Td>
                <Table.Td ta="right">{formatCount(m.meetings)}</Table.Td>
                <Table.Td ta="right">{formatCount(m.emails)}</Table.Td>
                <Table.Td ta="right" fw={600}>{formatCount(m.won_deals)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </DashboardWidget>
  );
}

/** A head of sales' overview: how the funnel converts, what the pipeline will bring, and who does the work. */
export function HeadOfSalesDashboard({ period }: { period: AnalyticsFilters }) {
  const { t } = useTranslation();
  const me = useSession();
  const canReadDeals = can(me, 'deal', 'read');
  return (
    <DashboardGrid testId="dashboard-headOfSales" slots={[
      { key: 'funnel', isVisible: canReadDeals, span: { base: 12, md: 5, xl: 4 }, widget: <FunnelWidget period={period} /> },
      {
        key: 'forecast', isVisible: canReadDeals, span: { base: 12, md: 7, xl: 8 }, widget: (
          <SalesForecastWidget
            filters={{}} title={t('analytics.dashboard.forecast.title')} emptyText={t('analytics.dashboard.forecast.empty')}
            fileName="dashboard-sales-forecast" testId="forecast" to="/analytics/sales-forecast"
          />
        ),
      },
      {
        key: 'team', isVisible: can(me, 'activity', 'read') || can(me, 'lead', 'read') || canReadDeals, span: 12, widget: <TeamWidget period={period} />,
      },
    ]} />
  );
}
