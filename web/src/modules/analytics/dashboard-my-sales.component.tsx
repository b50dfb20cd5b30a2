import { useMemo } from 'react';
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { useDealBoard, usePipelines } from '../deals/index.ts';
import { useMyDay } from '../my-day/index.ts';
import { localized } from '../records/index.ts';
import { openStageFigures } from './dashboard.figures.ts';
import { DashboardGrid, DashboardWidget, SalesForecastWidget, ShortList, formatMoneyFigures } from './dashboard.parts.tsx';

const LIST_LIMIT = 6;

/** My open deals of the default pipeline by stage, with their amount and the amount weighted by the stage's probability. */
function MyDealsWidget() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.find((p) => p.is_default) ?? pipelines.data?.[0];
  const board = useDealBoard(pipeline?.id, me.user.id);
  const figures = useMemo(() => (board.data ? openStageFigures(board.data) : null), [board.data]);
  const hasNoPipeline = pipelines.isSuccess && !pipeline;
  return (
    <DashboardWidget
      title={t('analytics.dashboard.myDeals.title')} to="/deals/board" testId="my-deals"
      isPending={!hasNoPipeline && (pipelines.isPending || board.isPending)} error={pipelines.error ?? board.error}
      isEmpty={hasNoPipeline || figures?.deals === 0} emptyText={t('analytics.dashboard.myDeals.empty')}
      badge={figures && <Badge variant="light">{formatNumber(figures.deals)}</Badge>}
    >
      {figures && pipeline && (
        <>
          <Text size="xs" c="dimmed" mb={4}>{t('analytics.dashboard.myDeals.pipeline', { name: pipeline.name })}</Text>
          <Table verticalSpacing={4} striped data-testid="dashboard-my-deals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.dashboard.myDeals.stage')}</Table.Th>
                <Table.Th ta="right">{t('analytics.dashboard.myDeals.deals')}</Table.Th>
                <Table.Th ta="right">{t('analytics.dashboard.myDeals.amount')}</Table.Th>
                <Table.Th ta="right">{t('analytics.dashboard.myDeals.weighted')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {figures.stages.map((s) => (
                <Table.Tr key={s.stage.key}>
                  <Table.Td>{localized(s.stage.label, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.deals)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoneyFigures(s.amounts)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoneyFigures(s.weighted)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr fw={700} data-testid="dashboard-my-deals-total">
                <Table.Td>{t('analytics.dashboard.myDeals.total')}</Table.Td>
                <Table.Td ta="right">{formatNumber(figures.deals)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoneyFigures(figures.amounts)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoneyFigures(figures.weighted)}</Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </>
      )}
    </DashboardWidget>
  );
}

function MyTasksWidget() {
  const { t } = useTranslation();
  const myDay = useMyDay();
  const activities = myDay.data?.activities ?? [];
  return (
    <DashboardWidget
      title={t('analytics.dashboard.myTasks.title')} to="/my-day" testId="my-tasks" isPending={myDay.isPending} error={myDay.error}
      isEmpty={activities.length === 0} emptyText={t('analytics.dashboard.myTasks.empty')}
      badge={<Badge variant="light">{formatNumber(activities.length)}</Badge>}
    >
      <ShortList items={activities} limit={LIST_LIMIT} render={(a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/activities/${a.id}`} size="sm" lineClamp={1}>{a.subject}</Anchor>
            <Text size="xs" c="dimmed">{formatDateTime(a.due_at)}</Text>
          </div>
          {a.is_overdue && <Badge color="red" variant="light" style={{ flexShrink: 0 }}>{t('analytics.dashboard.myTasks.overdue')}</Badge>}
        </Group>
      )} />
    </DashboardWidget>
  );
}

function MyLeadsWidget() {
  const { t } = useTranslation();
  const myDay = useMyDay();
  const leads = myDay.data?.leads ?? [];
  return (
    <DashboardWidget
      title={t('analytics.dashboard.myLeads.title')} to="/leads" testId="my-leads" isPending={myDay.isPending} error={myDay.error}
      isEmpty={leads.length === 0} emptyText={t('analytics.dashboard.myLeads.empty')}
      badge={<Badge variant="light">{formatNumber(leads.length)}</Badge>}
    >
      <ShortList items={leads} limit={LIST_LIMIT} render={(l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/leads/${l.id}`} size="sm" lineClamp={1}>{l.full_name}</Anchor>
            {l.company_name && <Text size="xs" c="dimmed" lineClamp={1}>{l.company_name}</Text>}
          </div>
          {l.first_response_due_at && (
            <Badge color={l.is_sla_breached ? 'red' : 'gray'} variant="light" style={{ flexShrink: 0 }}>{formatDateTime(l.first_response_due_at)}</Badge>
          )}
        </Group>
      )} />
    </DashboardWidget>
  );
}

function MyRottingDealsWidget() {
  const { t, i18n } = useTranslation();
  const myDay = useMyDay();
  const pipelines = usePipelines();
  const deals = myDay.data?.rotting_deals ?? [];
  const stageLabel = (pipelineId: string, key: string) => {
    const stage = pipelines.data?.find((p) => p.id === pipelineId)?.stages.find((s) => s.key === key);
    return stage ? localized(stage.label, i18n.language) : key;
  };
  return (
    <DashboardWidget
      title={t('analytics.dashboard.rotting.title')} to="/my-day" testId="my-rotting" isPending={myDay.isPending} error={myDay.error}
      isEmpty={deals.length === 0} emptyText={t('analytics.dashboard.rotting.empty')}
      badge={<Badge variant="light" color="orange">{formatNumber(deals.length)}</Badge>}
    >
      <ShortList items={deals} limit={LIST_LIMIT} render={(d) => (
        <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/deals/${d.id}`} size="sm" lineClamp={1}>{d.title}</Anchor>
            <Text size="xs" c="dimmed">{stageLabel(d.pipeline_id, d.stage)}</Text>
          </div>
          <Badge color="orange" variant="light" style={{ flexShrink: 0 }}>{t('myDay.daysInStage', { count: d.days_in_stage })}</Badge>
        </Group>
      )} />
    </DashboardWidget>
  );
}

/** A salesperson's own figures: open deals, the forecast of them, and today's work. */
export function MySalesDashboard() {
  const { t } = useTranslation();
  const me = useSession();
  const canReadDeals = can(me, 'deal', 'read');
  // The deals table and the forecast chart want the width; the lists sit three in a row.
  const wide = { base: 12, lg: 6 };
  const narrow = { base: 12, md: 6, lg: 4 };
  return (
    <DashboardGrid testId="dashboard-mySales" slots={[
      { key: 'deals', isVisible: canReadDeals, span: wide, widget: <MyDealsWidget /> },
      {
        key: 'forecast', isVisible: canReadDeals, span: wide, widget: (
          <SalesForecastWidget
            filters={{ owner_id: me.user.id }} title={t('analytics.dashboard.myForecast.title')} emptyText={t('analytics.dashboard.myForecast.empty')}
            fileName="my-sales-forecast" testId="my-forecast" to={`/analytics/sales-forecast?owner_id=${me.user.id}`}
          />
        ),
      },
      { key: 'tasks', isVisible: can(me, 'activity', 'read'), span: narrow, widget: <MyTasksWidget /> },
      { key: 'leads', isVisible: can(me, 'lead', 'read'), span: narrow, widget: <MyLeadsWidget /> },
      { key: 'rotting', isVisible: canReadDeals, span: narrow, widget: <MyRottingDealsWidget /> },
    ]} />
  );
}
