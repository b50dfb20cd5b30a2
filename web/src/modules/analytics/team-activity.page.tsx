import { useMemo } from 'react';
import { Card, Stack, Table, Title } from '@mantine/core';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
import { AnalyticsFilterBar, useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useTeamActivityReport } from './sales-analytics.api.ts';
import { formatAmount, formatCount } from './sales-analytics.format.ts';
import { Formula, ReportBody } from './report-body.component.tsx';
import type { TeamActivityReport, TeamActivityRow } from './sales-analytics.types.ts';

const COUNTS = ['calls', 'meetings', 'emails', 'tasks_done', 'tasks_overdue', 'leads', 'won_deals'] as const;

const hasActivity = (row: TeamActivityRow) => COUNTS.some((key) => (row[key] ?? 0) > 0);

function ActivityTable({ rows, nameColumn, testId }: { rows: TeamActivityRow[]; nameColumn: string; testId: string }) {
  const { t } = useTranslation();
  const minutes = (value: number | null) => (value === null ? '—' : t('analytics.sales.minutes', { value: formatCount(value) }));
  const revenue = (row: TeamActivityRow) => (row.won_revenue === null ? '—' : row.won_revenue.map((r) => formatAmount(r.amount, r.currency)).join(', ') || formatCount(0));
  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={960}>
        <Table striped verticalSpacing="xs" data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{nameColumn}</Table.Th>
              {(['calls', 'meetings', 'emails', 'tasksDone', 'tasksOverdue', 'leads', 'firstResponse', 'wonDeals', 'wonRevenue'] as const).map((key) => (
                <Table.Th key={key} ta="right">{t(`analytics.sales.team.${key}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td ta="right">{formatCount(row.calls)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.meetings)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.emails)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.tasks_done)}</Table.Td>
                <Table.Td ta="right" c={(row.tasks_overdue ?? 0) > 0 ? 'red' : undefined}>{formatCount(row.tasks_overdue)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.leads)}</Table.Td>
                <Table.Td ta="right">{minutes(row.median_first_response_minutes)}</Table.Td>
                <Table.Td ta="right">{formatCount(row.won_deals)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{revenue(row)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function TeamActivity({ report }: { report: TeamActivityReport }) {
  const { t, i18n } = useTranslation();
  const { option, table } = useMemo(() => {
    const names = report.members.map((m) => m.name);
    const kinds = [
      { key: 'calls', name: t('analytics.sales.team.calls') },
      { key: 'meetings', name: t('analytics.sales.team.meetings') },
      { key: 'emails', name: t('analytics.sales.team.emails') },
      { key: 'tasks_done', name: t('analytics.sales.team.tasksDone') },
    ] as const;
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true },
      series: kinds.map((kind) => ({ type: 'bar' as const, stack: 'activities', name: kind.name, data: report.members.map((m) => m[kind.key] ?? 0), barMaxWidth: 24 })),
    };
    const table: ChartTable = {
      columns: [t('analytics.sales.team.employee'), t('analytics.sales.team.calls'), t('analytics.sales.team.meetings'), t('analytics.sales.team.emails'),
        t('analytics.sales.team.tasksDone'), t('analytics.sales.team.tasksOverdue'), t('analytics.sales.team.leads'), t('analytics.sales.team.firstResponse'),
        t('analytics.sales.team.wonDeals'), t('analytics.sales.team.wonRevenue')],
      rows: report.members.map((m) => [m.name, m.calls, m.meetings, m.emails, m.tasks_done, m.tasks_overdue, m.leads, m.median_first_response_minutes, m.won_deals,
        m.won_revenue === null ? null : m.won_revenue.map((r) => `${r.amount} ${r.currency}`).join(', ')]),
    };
    return { option, table };
  }, [report, t, i18n.language]);

  return (
    <Stack gap="md">
      <AnalyticsChart title={t('analytics.sales.team.chart')} fileName="team-activity" option={option} table={table} height={Math.max(240, 48 * report.members.length + 80)} />
      <ActivityTable rows={report.members} nameColumn={t('analytics.sales.team.employee')} testId="team-members" />
      {report.teams.length > 0 && (
        <>
          <Title order={4}>{t('analytics.sales.team.teams')}</Title>
          <ActivityTable rows={report.teams} nameColumn={t('analytics.sales.team.teamName')} testId="team-teams" />
        </>
      )}
    </Stack>
  );
}

/** Each employee's and team's calls, meetings, emails, tasks, first response to leads and wins in the period. */
export function TeamActivityPage() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const report = useTeamActivityReport(filters);
  return (
    <>
      <PageHeader title={t('analytics.sales.team.title')} description={t('analytics.sales.team.description')} />
      <AnalyticsFilterBar fields={['period', 'owner', 'team', 'pipeline']} />
      <ReportBody isPending={report.isPending} error={report.error} isEmpty={!(report.data?.members.some(hasActivity) ?? false)}>
        {report.data && <TeamActivity report={report.data} />}
        <Formula text={t('analytics.sales.team.formula')} />
      </ReportBody>
    </>
  );
}
