import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, Grid, Group, Loader, Modal, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconRefresh, IconUsers } from '@tabler/icons-react';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { AnalyticsChart } from './analytics-chart.component.tsx';
import { formatMoney } from './customer-analytics.parts.tsx';
import {
  RFM_SEGMENTS, useCustomerValueSummary, useHoldout, useRescore, useSaveScoringSettings, useScoredPeople, useScoringSettings,
  type ChurnRisk, type CustomerValueSummary, type RfmSegment, type ScoringRun, type ScoringSettings,
} from './customer-value.api.ts';

const DASH = '—';
const share = (value: number | null | undefined) => (value === null || value === undefined ? DASH : `${formatNumber(value * 100, { maximumFractionDigits: 0 })}%`);
const RISK_COLORS: Record<ChurnRisk, string> = { high: 'red', medium: 'orange', low: 'teal' };
const PAGE = 25;

export function ChurnBadge({ risk }: { risk: ChurnRisk | null }) {
  const { t } = useTranslation();
  if (!risk) return <Badge variant="light" color="gray">{t('analytics.value.risks.none')}</Badge>;
  return <Badge variant="light" color={RISK_COLORS[risk]}>{t(`analytics.value.risks.${risk}`)}</Badge>;
}

function SettingsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const current = useScoringSettings();
  const save = useSaveScoringSettings();
  const [draft, setDraft] = useState<ScoringSettings | null>(null);
  const value = draft ?? current.data;
  const set = (key: keyof ScoringSettings) => (v: string | number) => value && setDraft({ ...value, [key]: typeof v === 'number' ? v : Number(v) });
  const submit = () => value && save.mutate(value, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('analytics.value.saved') });
      setDraft(null);
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('analytics.value.settingsTitle')}>
      {!value ? <Center py="md"><Loader /></Center> : (
        <Stack>
          <NumberInput label={t('analytics.value.rfmWindowDays')} description={t('analytics.value.rfmWindowHint')} min={7} max={3650} value={value.rfm_window_days} onChange={set('rfm_window_days')} />
          <NumberInput label={t('analytics.value.horizonMonths')} min={1} max={120} value={value.horizon_months} onChange={set('horizon_months')} />
          <NumberInput label={t('analytics.value.margin')} description={t('analytics.value.marginHint')} min={0.01} max={1} step={0.05} decimalScale={4} value={value.margin} onChange={set('margin')} />
          <NumberInput label={t('analytics.value.discountRate')} min={0} max={0.99} step={0.01} decimalScale={4} value={value.annual_discount_rate} onChange={set('annual_discount_rate')} />
          <Group justify="flex-end"><Button onClick={submit} loading={save.isPending}>{t('analytics.value.save')}</Button></Group>
        </Stack>
      )}
    </Modal>
  );
}

function RunStatus({ summary }: { summary: CustomerValueSummary }) {
  const { t } = useTranslation();
  const latest = summary.latest_run;
  return (
    <Stack gap="xs" mb="md">
      {summary.run && <Text size="sm" c="dimmed" data-testid="value-as-of">{t('analytics.value.asOf', { date: formatDate(summary.run.as_of), count: summary.run.customers ?? 0 })}</Text>}
      {latest?.status === 'running' && <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('analytics.value.running')}</Text></Group>}
      {latest?.status === 'failed' && <Alert color="red">{t('analytics.value.failed', { error: latest.error ?? '' })}</Alert>}
    </Stack>
  );
}

function SegmentsCard({ summary, run, onPick }: { summary: CustomerValueSummary; run: ScoringRun; onPick: (segment: RfmSegment) => void }) {
  const { t } = useTranslation();
  const rows = summary.segments;
  const option = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => t(`analytics.value.segments.${r.segment}`)) },
    series: [{ type: 'bar', name: t('analytics.value.customers'), data: rows.map((r) => r.customers), barMaxWidth: 22 }],
  }), [rows, t]);
  return (
    <Stack gap="xs">
      <AnalyticsChart
        title={t('analytics.value.segmentsTitle')} fileName="rfm-segments" option={option} height={360}
        table={{
          columns: [t('analytics.value.segment'), t('analytics.value.customers'), t('analytics.value.revenue'), t('analytics.value.marginInWindow'), t('analytics.value.clv')],
          rows: rows.map((r) => [t(`analytics.value.segments.${r.segment}`), r.customers, r.monetary, Math.round(r.monetary * run.settings.margin * 100) / 100, r.clv]),
        }}
      />
      <Text size="xs" c="dimmed">{t('analytics.value.segmentsFormula')}</Text>
      <Table striped highlightOnHover data-testid="segments-table">
        <Table.Thead>
          <Table.Tr><Table.Th>{t('analytics.value.segment')}</Table.Th><Table.Th ta="right">{t('analytics.value.customers')}</Table.Th><Table.Th ta="right">{t('analytics.value.revenue')}</Table.Th><Table.Th ta="right">{t('analytics.value.marginInWindow')}</Table.Th><Table.Th ta="right">{t('analytics.value.clv')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.segment} style={{ cursor: 'pointer' }} onClick={() => onPick(r.segment)} title={t(`analytics.value.segmentAdvice.${r.segment}`)}>
              <Table.Td>{t(`analytics.value.segments.${r.segment}`)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.customers)}</Table.Td>
              <Table.Td ta="right">{formatMoney(r.monetary, run.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(r.monetary * run.settings.margin, run.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(r.clv, run.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ChurnCard({ summary, onPick }: { summary: CustomerValueSummary; onPick: (risk: ChurnRisk) => void }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: summary.churn.map((c) => t(`analytics.value.risks.${c.risk ?? 'none'}`)) },
    yAxis: { type: 'value' },
    series: [{
      type: 'bar', name: t('analytics.value.customers'), barMaxWidth: 48,
      data: summary.churn.map((c) => ({ value: c.customers, itemStyle: { color: c.risk === 'high' ? '#fa5252' : c.risk === 'medium' ? '#fd7e14' : c.risk === 'low' ? '#12b886' : '#adb5bd' } })),
    }],
  }), [summary.churn, t]);
  return (
    <Stack gap="xs">
      <AnalyticsChart
        title={t('analytics.value.churnTitle')} fileName="churn-risk" option={option} height={260}
        table={{ columns: [t('analytics.value.riskFilter'), t('analytics.value.customers'), t('analytics.value.clv')], rows: summary.churn.map((c) => [t(`analytics.value.risks.${c.risk ?? 'none'}`), c.customers, c.clv]) }}
      />
      <Text size="xs" c="dimmed">{t('analytics.value.churnFormula')}</Text>
      <Group gap="xs">
        {(['high', 'medium'] as const).map((risk) => (
          <Button key={risk} size="xs" variant="light" color={RISK_COLORS[risk]} onClick={() => onPick(risk)}>
            {t(`analytics.value.risks.${risk}`)}: {formatNumber(summary.churn.find((c) => c.risk === risk)?.customers ?? 0)}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function ForecastCard({ run }: { run: ScoringRun }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: run.forecast.map((m) => `+${m.month}`) },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, { notation: 'compact' }) } },
    series: [{ type: 'bar', name: t('analytics.value.expectedRevenue'), data: run.forecast.map((m) => Math.round(m.expected_revenue)), barMaxWidth: 28 }],
  }), [run.forecast, t]);
  if (run.forecast.length === 0) return null;
  return (
    <Stack gap="xs">
      <AnalyticsChart
        title={t('analytics.value.forecastTitle')} fileName="clv-revenue-forecast" option={option} height={260}
        table={{ columns: [t('analytics.value.month'), t('analytics.value.expectedPurchases'), t('analytics.value.expectedRevenue')], rows: run.forecast.map((m) => [m.month, Number(m.expected_purchases.toFixed(2)), Number(m.expected_revenue.toFixed(2))]) }}
      />
      <Text size="xs" c="dimmed">{t('analytics.value.forecastFormula')}</Text>
    </Stack>
  );
}

function HoldoutCard() {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState(13);
  const holdout = useHoldout(weeks);
  const report = holdout.data;
  const option = useMemo<EChartsOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 24, containLabel: true },
    xAxis: { type: 'category', name: t('analytics.value.pastPurchases'), nameLocation: 'middle', nameGap: 28, data: (report?.buckets ?? []).map((b) => (b.x === 7 ? '7+' : String(b.x))) },
    yAxis: { type: 'value' },
    series: [
      { type: 'line', name: t('analytics.value.actual'), data: (report?.buckets ?? []).map((b) => Number(b.actual.toFixed(3))) },
      { type: 'line', name: t('analytics.value.predicted'), lineStyle: { type: 'dashed' }, data: (report?.buckets ?? []).map((b) => Number(b.predicted.toFixed(3))) },
    ],
  }), [report, t]);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Select
          label={t('analytics.value.holdoutWeeks')} w={200} allowDeselect={false}
          data={['13', '26', '39', '52'].map((w) => ({ value: w, label: w }))} value={String(weeks)} onChange={(v) => v && setWeeks(Number(v))}
        />
      </Group>
      {holdout.isPending ? <Center py="md"><Loader /></Center> : !report || report.buckets.length === 0 ? (
        <Alert color="gray">{t('analytics.value.holdoutEmpty')}</Alert>
      ) : (
        <>
          <AnalyticsChart
            title={t('analytics.value.holdoutTitle')} fileName="clv-holdout" option={option} height={280}
            table={{ columns: [t('analytics.value.pastPurchases'), t('analytics.value.customers'), t('analytics.value.predicted'), t('analytics.value.actual')], rows: report.buckets.map((b) => [b.x === 7 ? '7+' : b.x, b.customers, Number(b.predicted.toFixed(3)), Number(b.actual.toFixed(3))]) }}
          />
          <Text size="xs" c="dimmed">{t('analytics.value.holdoutFormula', { date: formatDate(report.calibration_end!), weeks: report.weeks })}</Text>
        </>
      )}
    </Stack>
  );
}

function ModelsCard({ run }: { run: ScoringRun }) {
  const { t } = useTranslation();
  const models = [['BG/NBD', run.bgnbd], ['Gamma-Gamma', run.gammagamma]] as const;
  if (!run.bgnbd) return <Alert color="gray">{t('analytics.value.block.noModel')}</Alert>;
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('analytics.value.modelTitle')}</Text>
      <Text size="xs" c="dimmed">{t('analytics.value.modelHint')}</Text>
      <Table data-testid="models-table">
        <Table.Thead><Table.Tr><Table.Th>{t('analytics.value.parameter')}</Table.Th><Table.Th ta="right">{t('analytics.value.estimate')}</Table.Th><Table.Th ta="right">{t('analytics.value.standardError')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {models.flatMap(([name, model]) => (model ? [
            ...Object.entries(model.params).map(([param, value]) => (
              <Table.Tr key={`${name}-${param}`}>
                <Table.Td>{name} · {param}</Table.Td>
                <Table.Td ta="right">{formatNumber(value, { maximumFractionDigits: 4 })}</Table.Td>
                <Table.Td ta="right">{model.standard_errors[param] === null ? DASH : formatNumber(model.standard_errors[param]!, { maximumFractionDigits: 4 })}</Table.Td>
              </Table.Tr>
            )),
            <Table.Tr key={`${name}-ll`}>
              <Table.Td>{name} · {t('analytics.value.logLikelihood')} ({t('analytics.value.modelCustomers')}: {formatNumber(model.customers)})</Table.Td>
              <Table.Td ta="right">{formatNumber(model.ll, { maximumFractionDigits: 1 })}</Table.Td>
              <Table.Td />
            </Table.Tr>,
          ] : []))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function CustomersCard({ run, segment, risk, onSegment, onRisk }: {
  run: ScoringRun; segment: RfmSegment | null; risk: ChurnRisk | null; onSegment: (s: RfmSegment | null) => void; onRisk: (r: ChurnRisk | null) => void;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<'clv' | 'churn' | 'recency' | 'monetary'>('clv');
  const [limit, setLimit] = useState(PAGE);
  const people = useScoredPeople({ segment, churn_risk: risk, sort, limit });
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('analytics.value.customersTitle')}</Text>
      <Group gap="sm" align="flex-end">
        <Select label={t('analytics.value.sortBy')} w={220} allowDeselect={false} value={sort} onChange={(v) => v && setSort(v as typeof sort)}
          data={(['clv', 'churn', 'recency', 'monetary'] as const).map((s) => ({ value: s, label: t(`analytics.value.sorts.${s}`) }))} />
        <Select label={t('analytics.value.segmentFilter')} placeholder={t('analytics.value.allSegments')} clearable w={220} value={segment} onChange={(v) => onSegment(v as RfmSegment | null)}
          data={RFM_SEGMENTS.map((s) => ({ value: s, label: t(`analytics.value.segments.${s}`) }))} />
        <Select label={t('analytics.value.riskFilter')} placeholder={t('analytics.value.allRisks')} clearable w={180} value={risk} onChange={(v) => onRisk(v as ChurnRisk | null)}
          data={(['high', 'medium', 'low'] as const).map((r) => ({ value: r, label: t(`analytics.value.risks.${r}`) }))} />
      </Group>
      {people.isPending ? <Center py="md"><Loader /></Center> : (people.data?.data.length ?? 0) === 0 ? (
        <EmptyPlaceholder icon={<IconUsers />} title={t('analytics.noData')} description={t('analytics.noDataHint')} />
      ) : (
        <>
          <Table striped data-testid="scored-people">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.value.name')}</Table.Th><Table.Th>{t('analytics.value.segment')}</Table.Th><Table.Th>{t('analytics.value.riskFilter')}</Table.Th>
                <Table.Th ta="right">{t('analytics.value.pAlive')}</Table.Th><Table.Th ta="right">{t('analytics.value.clv')}</Table.Th>
                <Table.Th ta="right">{t('analytics.value.recency')}</Table.Th><Table.Th ta="right">{t('analytics.value.revenue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.data!.data.map((p) => (
                <Table.Tr key={p.person_id}>
                  <Table.Td><Anchor component={Link} to={`/people/${p.person_id}`} size="sm">{p.full_name || p.person_id.slice(0, 8)}</Anchor></Table.Td>
                  <Table.Td>{t(`analytics.value.segments.${p.rfm_segment}`)}</Table.Td>
                  <Table.Td><ChurnBadge risk={p.churn_risk} /></Table.Td>
                  <Table.Td ta="right">{share(p.p_alive)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.clv, run.currency)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(p.recency_days)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.monetary, run.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {people.data!.has_more && <Group justify="center"><Button variant="subtle" onClick={() => setLimit((l) => Math.min(200, l + PAGE))} disabled={limit >= 200}>{t('analytics.value.more')}</Button></Group>}
        </>
      )}
    </Stack>
  );
}

/** Analytics → Customer value: RFM segments, churn risk, the CLV forecast, the model check, and the customers behind them. */
export function CustomerValuePage() {
  const { t } = useTranslation();
  const me = useSession();
  const summary = useCustomerValueSummary();
  const rescore = useRescore();
  const [settingsOpened, settings] = useDisclosure(false);
  const [segment, setSegment] = useState<RfmSegment | null>(null);
  const [risk, setRisk] = useState<ChurnRisk | null>(null);
  const mayConfigure = can(me, 'person', 'update');
  const run = summary.data?.run ?? null;
  const actions = mayConfigure ? (
    <>
      <Button variant="default" leftSection={<IconAdjustments size={16} />} onClick={settings.open}>{t('analytics.value.settings')}</Button>
      <Button
        leftSection={<IconRefresh size={16} />} loading={rescore.isPending || summary.data?.latest_run?.status === 'running'}
        onClick={() => rescore.mutate(undefined, { onSuccess: () => notifications.show({ color: 'teal', message: t('analytics.value.rescoreQueued') }) })}
      >{t('analytics.value.rescore')}</Button>
    </>
  ) : undefined;
  return (
    <>
      <PageHeader title={t('analytics.value.title')} description={t('analytics.value.description')} actions={actions} />
      <SettingsModal opened={settingsOpened} onClose={settings.close} />
      {summary.isPending ? <Center py="xl" data-testid="analytics-loading"><Loader /></Center> : summary.isError ? (
        <Alert color="red">{(summary.error as Error).message}</Alert>
      ) : (
        <>
          <RunStatus summary={summary.data} />
          {!run ? (
            <EmptyPlaceholder icon={<IconUsers />} title={t('analytics.value.neverScored')} description={t('analytics.value.neverScoredHint')} />
          ) : (
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 6 }}><SegmentsCard summary={summary.data} run={run} onPick={(s) => { setSegment(s); setRisk(null); }} /></Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Stack gap="lg">
                  <ChurnCard summary={summary.data} onPick={(r) => { setRisk(r); setSegment(null); }} />
                  <ForecastCard run={run} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={12}><CustomersCard run={run} segment={segment} risk={risk} onSegment={setSegment} onRisk={setRisk} /></Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}><HoldoutCard /></Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}><ModelsCard run={run} /></Grid.Col>
            </Grid>
          )}
        </>
      )}
    </>
  );
}
