import { useState } from 'react';
import { Alert, Badge, Button, Center, Checkbox, Group, Loader, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../api/query.client.ts';
import { isApiError } from '../../api/http.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import type { RecordTabProps } from '../records/index.ts';
import { describeConsentError, usePersonConsents, useRecordConsent } from './consent.api.ts';
import { CHANNELS, PURPOSES, type Channel, type ConsentEntry, type ConsentState, type ConsentStatus, type Purpose } from './consent.types.ts';

const STATUS_COLOR: Record<ConsentStatus, string> = { granted: 'teal', withdrawn: 'red', pending: 'yellow' };

function StatusBadge({ status }: { status: ConsentStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <Text size="xs" c="dimmed">—</Text>;
  return <Badge size="sm" variant="light" color={STATUS_COLOR[status]}>{t(`consents.status.${status}`)}</Badge>;
}

/** Channels down, purposes across: the latest entry of each, or a dash where there is none. */
function CurrentMatrix({ current }: { current: ConsentState[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table withTableBorder data-testid="consent-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('consents.channel')}</Table.Th>
            {PURPOSES.map((purpose) => <Table.Th key={purpose}>{t(`consents.purposes.${purpose}`)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CHANNELS.map((channel) => (
            <Table.Tr key={channel}>
              <Table.Td>{t(`consents.channels.${channel}`)}</Table.Td>
              {PURPOSES.map((purpose) => (
                <Table.Td key={purpose} data-testid={`consent-${channel}-${purpose}`}>
                  <StatusBadge status={current.find((s) => s.channel === channel && s.purpose === purpose)?.status ?? null} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Proof({ entry }: { entry: ConsentEntry }) {
  const { t } = useTranslation();
  const { proof } = entry;
  const parts = [
    proof.text_version && `${t('consents.textVersion')}: ${proof.text_version}`,
    proof.text && `«${proof.text.length > 120 ? `${proof.text.slice(0, 120)}…` : proof.text}»`,
    proof.ip && `IP ${proof.ip}`,
    proof.user_agent,
    proof.confirms_entry_id && t('consents.confirmsRequest'),
  ].filter(Boolean);
  return <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>{parts.length > 0 ? parts.join(' · ') : '—'}</Text>;
}

interface FormState {
  channel: Channel;
  purpose: Purpose;
  status: 'granted' | 'withdrawn';
  source: 'operator' | 'form' | 'import';
  textVersion: string;
  text: string;
  isDoubleOptIn: boolean;
}

const EMPTY_FORM: FormState = { channel: 'email', purpose: 'marketing', status: 'granted', source: 'operator', textVersion: '', text: '', isDoubleOptIn: false };

/** What the operator records: a grant or withdrawal, how it came and the text agreed to. */
function RecordConsentForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const save = useRecordConsent(personId);
  const canDoubleOptIn = form.channel === 'email' && form.status === 'granted';
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const options = <T extends string>(values: readonly T[], prefix: string) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as 'consents.status.granted') }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    const proof = { ...(form.textVersion.trim() ? { text_version: form.textVersion.trim() } : {}), ...(form.text.trim() ? { text: form.text.trim() } : {}) };
    save.mutate({
      channel: form.channel, purpose: form.purpose, status: form.status, source: form.source,
      ...(canDoubleOptIn && form.isDoubleOptIn ? { double_opt_in: true } : {}),
      ...(Object.keys(proof).length > 0 ? { proof } : {}),
    }, {
      onSuccess: (entry) => {
        setForm(EMPTY_FORM);
        notifySuccess(entry.status === 'pending' ? t('consents.pendingSaved') : t('consents.saved'));
      },
      onError: (error) => {
        const message = describeConsentError(error).title;
        const fields = isApiError(error) ? error.fieldErrors() : {};
        if (fields.double_opt_in || fields.occurred_at) setErrors({ double_opt_in: message });
        else setProblem(message);
      },
    });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={5}>{t('consents.record')}</Title>
        <Group grow align="flex-start">
          <Select label={t('consents.channel')} data={options(CHANNELS, 'consents.channels')} value={form.channel} allowDeselect={false}
            onChange={(value) => value && set({ channel: value as Channel })} />
          <Select label={t('consents.purpose')} data={options(PURPOSES, 'consents.purposes')} value={form.purpose} allowDeselect={false}
            onChange={(value) => value && set({ purpose: value as Purpose })} />
          <Select label={t('consents.statusLabel')} data={options(['granted', 'withdrawn'] as const, 'consents.status')} value={form.status} allowDeselect={false}
            onChange={(value) => value && set({ status: value as FormState['status'] })} />
          <Select label={t('consents.sourceLabel')} data={options(['operator', 'form', 'import'] as const, 'consents.sources')} value={form.source} allowDeselect={false}
            onChange={(value) => value && set({ source: value as FormState['source'] })} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label={t('consents.textVersion')} placeholder={t('consents.textVersionPlaceholder')} value={form.textVersion} maxLength={200}
            onChange={(e) => set({ textVersion: e.currentTarget.value })} />
          <TextInput label={t('consents.text')} placeholder={t('consents.textPlaceholder')} value={form.text} maxLength={10_000}
            onChange={(e) => set({ text: e.currentTarget.value })} />
        </Group>
        {canDoubleOptIn && (
          <Checkbox label={t('consents.doubleOptIn')} description={t('consents.doubleOptInHint')} checked={form.isDoubleOptIn}
            error={errors.double_opt_in} onChange={(e) => set({ isDoubleOptIn: e.currentTarget.checked })} />
        )}
        {!canDoubleOptIn && errors.double_opt_in && <Text size="xs" c="red">{errors.double_opt_in}</Text>}
        {problem && <Alert color="red" variant="light">{problem}</Alert>}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A person's consents: the current state per channel and purpose, the form to record one, and the ledger with proof. */
export function PersonConsentsTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const consents = usePersonConsents(record.id);
  if (consents.isPending) return <Center py="xl"><Loader /></Center>;
  if (!consents.data) return null;
  const current = consents.data.pages[0]?.current ?? [];
  const entries = consents.data.pages.flatMap((page) => page.data);
  const canRecord = can(me, 'consent', 'create');
  return (
    <Stack>
      <CurrentMatrix current={current} />
      <Text size="xs" c="dimmed">{t('consents.rulesHint')}</Text>
      {canRecord && <RecordConsentForm personId={record.id} />}
      <Title order={5}>{t('consents.history')}</Title>
      {entries.length === 0 ? (
        <EmptyPlaceholder icon={<IconShieldCheck size={28} />} title={t('consents.empty')} description={t('consents.emptyText')} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="consent-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('consents.when')}</Table.Th>
                <Table.Th>{t('consents.channel')}</Table.Th>
                <Table.Th>{t('consents.purpose')}</Table.Th>
                <Table.Th>{t('consents.statusLabel')}</Table.Th>
                <Table.Th>{t('consents.sourceLabel')}</Table.Th>
                <Table.Th>{t('consents.proof')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td><Text size="sm">{formatDateTime(entry.occurred_at)}</Text></Table.Td>
                  <Table.Td>{t(`consents.channels.${entry.channel}`)}</Table.Td>
                  <Table.Td>{t(`consents.purposes.${entry.purpose}`)}</Table.Td>
                  <Table.Td><StatusBadge status={entry.status} /></Table.Td>
                  <Table.Td>{t(`consents.sources.${entry.source}`)}</Table.Td>
                  <Table.Td><Proof entry={entry} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {consents.hasNextPage && (
        <Group justify="center">
          <Button variant="subtle" loading={consents.isFetchingNextPage} onClick={() => consents.fetchNextPage()}>{t('common.loadMore')}</Button>
        </Group>
      )}
    </Stack>
  );
}
