import { useState } from 'react';
import { ActionIcon, Button, Card, Center, Group, Loader, Modal, Table, TextInput, Tooltip } from '@mantine/core';
import { IconCoin, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useCreateSpend, useDeleteSpend, useMarketingSpend, useUpdateSpend, type Spend, type SpendInput } from './customer-analytics.api.ts';
import { formatMoney, formatMonth } from './customer-analytics.parts.tsx';

const thisMonth = () => new Date().toISOString().slice(0, 7);

function SpendForm({ initial, currency, onClose }: { initial: Spend | null; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSpend();
  const update = useUpdateSpend();
  const [values, setValues] = useState<SpendInput>({
    month: initial?.month ?? thisMonth(), channel: initial?.channel ?? '', amount: initial?.amount ?? '', currency: initial?.currency ?? currency, note: initial?.note ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof SpendInput) => (e: React.ChangeEvent<HTMLInputElement>) => {
    // Read now: the event's target is gone by the time the state updater runs.
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const submit = () => {
    const body = { ...values, amount: values.amount.replace(',', '.').replace(/\s/g, ''), currency: values.currency?.toUpperCase() || undefined, note: values.note || null };
    const handlers = {
      onSuccess: () => { notifySuccess(t('analytics.customers.spend.saved')); onClose(); },
      onError: (error: unknown) => {
        if (isApiError(error) && Object.keys(error.fieldErrors()).length > 0) setErrors(error.fieldErrors());
        else notifyError(error);
      },
    };
    if (initial) update.mutate({ id: initial.id, ...body }, handlers);
    else create.mutate(body, handlers);
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="spend-form">
      <TextInput type="month" label={t('analytics.customers.spend.month')} required value={values.month} onChange={set('month')} error={errors.month} />
      <TextInput label={t('analytics.customers.spend.channel')} required mt="sm" value={values.channel} onChange={set('channel')} error={errors.channel} data-autofocus />
      <Group grow mt="sm" align="flex-start">
        <TextInput label={t('analytics.customers.spend.amount')} required inputMode="decimal" value={values.amount} onChange={set('amount')} error={errors.amount} />
        <TextInput label={t('analytics.customers.spend.currency')} maxLength={3} value={values.currency} onChange={set('currency')} error={errors.currency} />
      </Group>
      <TextInput label={t('analytics.customers.spend.note')} mt="sm" value={values.note ?? ''} onChange={set('note')} error={errors.note} />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>{t('analytics.customers.spend.cancel')}</Button>
        <Button type="submit" loading={create.isPending || update.isPending}>{t('analytics.customers.spend.save')}</Button>
      </Group>
    </form>
  );
}

/** Marketing and sales spend per month and channel, the cost side of CAC and ROI. */
export function MarketingSpendPage() {
  const { t } = useTranslation();
  const spend = useMarketingSpend();
  const remove = useDeleteSpend();
  const [editing, setEditing] = useState<Spend | 'new' | null>(null);
  const rows = spend.data?.data ?? [];
  const currency = spend.data?.currency ?? 'RUB';
  return (
    <>
      <PageHeader
        title={t('analytics.customers.spend.title')} description={t('analytics.customers.spend.description')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('analytics.customers.spend.add')}</Button>}
      />
      {spend.isPending && <Center py="xl"><Loader /></Center>}
      {!spend.isPending && rows.length === 0 && (
        <EmptyPlaceholder icon={<IconCoin size={28} />} title={t('analytics.customers.spend.empty')} description={t('analytics.customers.spend.emptyHint')} />
      )}
      {rows.length > 0 && (
        <Card withBorder radius="md" padding={0}>
          <Table striped verticalSpacing="xs" data-testid="spend-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.customers.spend.month')}</Table.Th>
                <Table.Th>{t('analytics.customers.spend.channel')}</Table.Th>
                <Table.Th ta="right">{t('analytics.customers.spend.amount')}</Table.Th>
                <Table.Th>{t('analytics.customers.spend.note')}</Table.Th>
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{formatMonth(row.month)}</Table.Td>
                  <Table.Td>{row.channel}</Table.Td>
                  <Table.Td ta="right">{formatMoney(row.amount, row.currency, true)}</Table.Td>
                  <Table.Td>{row.note}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label={t('analytics.customers.spend.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('analytics.customers.spend.edit')} onClick={() => setEditing(row)}><IconPencil size={16} /></ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('analytics.customers.spend.delete')}>
                        <ActionIcon variant="subtle" color="red" aria-label={t('analytics.customers.spend.delete')}
                          onClick={() => remove.mutate(row.id, { onSuccess: () => notifySuccess(t('analytics.customers.spend.deleted')), onError: (error) => notifyError(error) })}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('analytics.customers.spend.add') : t('analytics.customers.spend.edit')}>
        {editing !== null && <SpendForm initial={editing === 'new' ? null : editing} currency={currency} onClose={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
