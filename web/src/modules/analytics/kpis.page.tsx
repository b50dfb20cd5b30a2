import { useState } from 'react';
import { ActionIcon, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconDeviceFloppy, IconMinus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { formatDate } from '../../i18n/format.ts';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';
import { useDeleteKpiBaseline, useKpiBaselines, useKpisReport, useSaveKpiBaseline, type Kpi, type KpisReport } from './customer-analytics.api.ts';
import { canEnterSpend } from './customer-analytics.nav.tsx';
import { CustomerFilters, CustomerReportBody, formatCount, formatMoney } from './customer-analytics.parts.tsx';

function useFormatKpi(currency: string) {
  const { t } = useTranslation();
  const value = (kpi: Kpi, figure: number | null) => {
    if (figure === null) return '—';
    if (kpi.unit === 'money') return formatMoney(figure, currency, Math.abs(figure) < 10_000);
    if (kpi.unit === 'minutes') return t('analytics.customers.kpis.minutes', { value: formatCount(figure) });
    return `${formatCount(figure)}%`;
  };
  const change = (kpi: Kpi, delta: number) => {
    const sign = delta > 0 ? '+' : delta < 0 ? '−' : '';
    const size = Math.abs(delta);
    if (kpi.unit === 'percent') return `${sign}${t('analytics.customers.kpis.points', { value: formatCount(size) })}`;
    return `${sign}${value(kpi, size)}`;
  };
  return { value, change };
}

/** A change with its arrow, green when it is an improvement for this KPI. */
function Change({ kpi, delta, label, format }: { kpi: Kpi; delta: number | null; label: string; format: (kpi: Kpi, delta: number) => string }) {
  if (delta === null) return null;
  const isBetter = delta === 0 ? null : (delta > 0) === kpi.is_higher_better;
  const color = isBetter === null ? 'dimmed' : isBetter ? 'teal' : 'red';
  const Icon = delta > 0 ? IconArrowUpRight : delta < 0 ? IconArrowDownRight : IconMinus;
  return (
    <Group gap={4} wrap="nowrap" c={color} data-testid={`kpi-change-${kpi.key}`}>
      <Icon size={16} />
      <Text size="sm" c={color} fw={500}>{format(kpi, delta)}</Text>
      <Text size="xs" c="dimmed">{label}</Text>
    </Group>
  );
}

function KpiCard({ kpi, report }: { kpi: Kpi; report: KpisReport }) {
  const { t } = useTranslation();
  const format = useFormatKpi(report.currency);
  const formula = t(`analytics.customers.kpis.formulas.${kpi.key}`);
  return (
    <Card withBorder radius="md" padding="md" data-testid={`kpi-${kpi.key}`}>
      <Text size="sm" c="dimmed" fw={500}>{t(`analytics.customers.kpis.names.${kpi.key}`)}</Text>
      <Tooltip label={formula} multiline w={320} withArrow>
        <Text fz={28} fw={700} data-testid="kpi-value">{format.value(kpi, kpi.value)}</Text>
      </Tooltip>
      {kpi.value === null && kpi.reason && <Text size="xs" c="dimmed" data-testid="kpi-reason">{t(`analytics.customers.kpis.reasons.${kpi.reason}`)}</Text>}
      <Stack gap={2} mt={4}>
        <Change kpi={kpi} delta={kpi.change} label={t('analytics.customers.kpis.vsPrevious')} format={format.change} />
        {report.baseline && <Change kpi={kpi} delta={kpi.baseline_change} label={t('analytics.customers.kpis.vsBaseline', { name: report.baseline.name })} format={format.change} />}
        <Text size="xs" c="dimmed">
          {t('analytics.customers.kpis.previous', { from: formatDate(report.previous_period.from), to: formatDate(report.previous_period.to), value: format.value(kpi, kpi.previous) })}
        </Text>
      </Stack>
      <Text size="xs" c="dimmed" mt="xs" data-testid="analytics-formula">{formula}</Text>
    </Card>
  );
}

function SaveBaselineButton() {
  const { t } = useTranslation();
  const [filters] = useAnalyticsFilters();
  const [, setParams] = useSearchParams();
  const [isOpen, setOpen] = useState(false);
  const [name, setName] = useState('');
  const save = useSaveKpiBaseline();
  const submit = () => save.mutate({ ...filters, pipeline_id: undefined, name }, {
    onSuccess: (baseline) => {
      notifySuccess(t('analytics.customers.kpis.baselineSaved', { name: baseline.name }));
      setOpen(false);
      setName('');
      setParams((current) => { const next = new URLSearchParams(current); next.set('baseline_id', baseline.id); return next; }, { replace: true });
    },
  });
  return (
    <>
      <Button variant="light" leftSection={<IconDeviceFloppy size={16} />} onClick={() => setOpen(true)}>{t('analytics.customers.kpis.saveBaseline')}</Button>
      <Modal opened={isOpen} onClose={() => setOpen(false)} title={t('analytics.customers.kpis.saveBaseline')}>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <TextInput
            label={t('analytics.customers.kpis.baselineName')} placeholder={t('analytics.customers.kpis.baselineNameHint')} required data-autofocus
            value={name} onChange={(e) => setName(e.currentTarget.value)}
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setOpen(false)}>{t('analytics.customers.kpis.cancel')}</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>{t('analytics.customers.kpis.save')}</Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}

function BaselinePicker({ baselineId, onChange }: { baselineId: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const baselines = useKpiBaselines();
  const remove = useDeleteKpiBaseline();
  const selected = baselines.data?.data.find((b) => b.id === baselineId);
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label={t('analytics.customers.kpis.baseline')} placeholder={t('analytics.customers.kpis.noBaseline')} clearable w={260} data-testid="kpi-baseline-picker"
        data={(baselines.data?.data ?? []).map((b) => ({ value: b.id, label: `${b.name} (${formatDate(b.period.from)} – ${formatDate(b.period.to)})` }))}
        value={baselineId} onChange={onChange}
      />
      {selected && (
        <Tooltip label={t('analytics.customers.kpis.deleteBaseline')}>
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('analytics.customers.kpis.deleteBaseline')}
            onClick={() => remove.mutate(selected.id, { onSuccess: () => onChange(null) })}>
            <IconTrash size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

/** The KPI library: cards with the period's value, the change against the previous period and against a saved baseline. */
export function KpisPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [filters] = useAnalyticsFilters();
  const [params, setParams] = useSearchParams();
  const baselineId = params.get('baseline_id');
  const setBaseline = (id: string | null) => setParams((current) => {
    const next = new URLSearchParams(current);
    if (id) next.set('baseline_id', id);
    else next.delete('baseline_id');
    return next;
  }, { replace: true });
  const report = useKpisReport(filters, baselineId);
  const data = report.data;
  const isEmpty = !!data && data.figures.current.orders === 0 && data.figures.previous.orders === 0
    && !data.figures.current.leads && data.figures.current.people_new === 0;
  return (
    <>
      <PageHeader
        title={t('analytics.customers.kpis.title')} description={t('analytics.customers.kpis.description')}
        actions={canEnterSpend(me) && <Button component={Link} to="/analytics/spend" variant="subtle">{t('analytics.customers.kpis.enterSpend')}</Button>}
      />
      <CustomerFilters />
      <Group gap="sm" align="flex-end" mb="md">
        <BaselinePicker baselineId={baselineId} onChange={setBaseline} />
        <SaveBaselineButton />
      </Group>
      <CustomerReportBody isPending={report.isPending} error={report.error} isEmpty={isEmpty} isMoneyHidden={data?.is_money_hidden}>
        {data && (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} data-testid="kpi-cards">
            {data.kpis.map((kpi) => <KpiCard key={kpi.key} kpi={kpi} report={data} />)}
          </SimpleGrid>
        )}
      </CustomerReportBody>
    </>
  );
}
