import { useState, type FormEvent } from 'react';
import { Button, Center, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { IconPackage, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { formatPrice, usePriceLists } from '../products/index.ts';
import type { RecordTabProps } from '../records/index.ts';
import { checkLines, emptyLine, isChanged, lineAmount, lineDrafts, MAX_LINES, rowKeyedErrors, type LineDraft } from './deal-lines.draft.ts';
import { DealLineRow } from './deal-lines.row.tsx';
import { useDealLines, useSaveDealLines } from './deal-parts.api.ts';
import type { DealLines } from './deal-parts.types.ts';

/** The saved lines, for readers who may not change them; prices only when the deal's amount is visible. */
function DealLinesView({ lines }: { lines: DealLines }) {
  const { t } = useTranslation();
  const isAmountVisible = lines.total !== undefined;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dealLines.product')}</Table.Th>
            <Table.Th w={110} ta="right">{t('dealLines.quantity')}</Table.Th>
            <Table.Th w={90}>{t('dealLines.unit')}</Table.Th>
            {isAmountVisible && <Table.Th w={140} ta="right">{t('dealLines.unitPrice')}</Table.Th>}
            <Table.Th w={90} ta="right">{t('dealLines.discount')}</Table.Th>
            {isAmountVisible && <Table.Th w={150} ta="right">{t('dealLines.amount')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.lines.map((line) => (
            <Table.Tr key={line.id} data-testid="deal-line">
              <Table.Td>{line.name}</Table.Td>
              <Table.Td ta="right">{formatNumber(line.quantity)}</Table.Td>
              <Table.Td>{line.unit ?? '—'}</Table.Td>
              {isAmountVisible && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatPrice(line.unit_price ?? 0, lines.currency)}</Table.Td>}
              <Table.Td ta="right">{line.discount_percent ? `${formatNumber(line.discount_percent)}%` : '—'}</Table.Td>
              {isAmountVisible && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatPrice(line.amount ?? 0, lines.currency)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {isAmountVisible && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={5} ta="right">{t('dealLines.total')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="deal-lines-total">{formatPrice(lines.total ?? 0, lines.currency)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

/** The sum of the lines priced so far; lines still to be priced from the list are counted on save. */
function DraftTotal({ drafts, currency }: { drafts: LineDraft[]; currency: string }) {
  const { t } = useTranslation();
  const amounts = drafts.map(lineAmount);
  const total = amounts.reduce<number>((sum, amount) => sum + Math.round((amount ?? 0) * 100), 0) / 100;
  const pending = drafts.filter((draft, index) => draft.productId && amounts[index] === null).length;
  return (
    <Stack gap={0} align="flex-end">
      <Group gap="xs">
        <Text size="sm" c="dimmed">{t('dealLines.total')}</Text>
        <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="deal-lines-total">{formatPrice(total, currency)}</Text>
      </Group>
      {pending > 0 && <Text size="xs" c="dimmed">{t('dealLines.pendingLines', { count: pending })}</Text>}
    </Stack>
  );
}

interface DealLinesEditorProps {
  lines: DealLines;
  /** Held by the tab: a save gives the editor new lines and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveDealLines>;
  canPickProducts: boolean;
}

function DealLinesEditor({ lines, save, canPickProducts }: DealLinesEditorProps) {
  const { t } = useTranslation();
  const priceLists = usePriceLists(canPickProducts);
  const [drafts, setDrafts] = useState<LineDraft[]>(() => lineDrafts(lines.lines));
  const [priceListId, setPriceListId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Only lists in the deal's currency can price it.
  const lists = (priceLists.data ?? []).filter((list) => list.currency === lines.currency);
  const defaultList = lists.find((list) => list.is_default);
  const isDirty = priceListId !== null || isChanged(drafts, lines.lines);

  const clearErrors = (rowKey: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith(`${rowKey}.`))));

  const onLine = (next: LineDraft) => {
    setDrafts((current) => current.map((draft) => (draft.rowKey === next.rowKey ? next : draft)));
    clearErrors(next.rowKey);
  };

  const onRemove = (rowKey: string) => {
    setDrafts((current) => current.filter((draft) => draft.rowKey !== rowKey));
    clearErrors(rowKey);
  };

  const onPriceList = (id: string | null) => {
    setPriceListId(id);
    // Catalogue lines take the new list's prices; lines outside the catalogue keep theirs.
    setDrafts((current) => current.map((draft) => (draft.productId ? { ...draft, unitPrice: '' } : draft)));
    setErrors({});
  };

  const onReset = () => {
    setDrafts(lineDrafts(lines.lines));
    setPriceListId(null);
    setErrors({});
  };

  const onServerError = (error: unknown, sent: LineDraft[]) => {
    notifyError(error);
    if (!isApiError(error)) return;
    const fieldErrors = error.fieldErrors();
    for (const problem of error.problem.errors ?? []) {
      if (problem.code === 'NO_PRICE') fieldErrors[problem.field] = t('dealLines.noPrice', { currency: lines.currency });
    }
    setErrors(rowKeyedErrors(sent, fieldErrors));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkLines(drafts);
    if ('problems' in checked) {
      setErrors(Object.fromEntries(Object.entries(checked.problems)
        .map(([field, problem]) => [field, problem === 'required' ? t('form.required') : t(`dealLines.problems.${problem}`)])));
      return;
    }
    const sent = drafts;
    save.mutate({ ...(priceListId ? { price_list_id: priceListId } : {}), lines: checked.lines }, {
      onSuccess: () => notifySuccess(t('dealLines.saved')),
      onError: (error) => onServerError(error, sent),
    });
  };

  const addButton = (
    <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} disabled={drafts.length >= MAX_LINES}
      onClick={() => setDrafts((current) => [...current, emptyLine()])}>
      {t('dealLines.add')}
    </Button>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {drafts.length === 0 ? (
          <EmptyPlaceholder icon={<IconPackage size={28} />} title={t('dealLines.empty')} description={t('dealLines.emptyText')} action={addButton} />
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing={6} horizontalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th miw={260}>{t('dealLines.product')}</Table.Th>
                    <Table.Th w={100}>{t('dealLines.quantity')}</Table.Th>
                    <Table.Th w={80}>{t('dealLines.unit')}</Table.Th>
                    <Table.Th w={140}>{t('dealLines.unitPriceIn', { currency: lines.currency })}</Table.Th>
                    <Table.Th w={90}>{t('dealLines.discount')}</Table.Th>
                    <Table.Th w={140} ta="right">{t('dealLines.amount')}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {drafts.map((draft, index) => (
                    <DealLineRow
                      key={draft.rowKey}
                      draft={draft}
                      index={index}
                      currency={lines.currency}
                      errors={errors}
                      canPickProducts={canPickProducts}
                      onChange={onLine}
                      onRemove={() => onRemove(draft.rowKey)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" align="flex-start">
              {addButton}
              <DraftTotal drafts={drafts} currency={lines.currency} />
            </Group>
          </>
        )}
        {(drafts.length > 0 || isDirty) && (
          <Group justify="space-between" align="flex-end">
            {canPickProducts ? (
              <Select
                label={t('dealLines.priceList')}
                description={t('dealLines.priceListHint')}
                placeholder={defaultList ? t('dealLines.defaultList', { name: defaultList.name }) : t('dealLines.basePrices', { currency: lines.currency })}
                data={lists.map((list) => ({ value: list.id, label: list.name }))}
                value={priceListId}
                error={errors.price_list_id}
                onChange={onPriceList}
                clearable
                w={360}
                comboboxProps={{ withinPortal: true }}
              />
            ) : <div />}
            <Group>
              <Button variant="default" disabled={!isDirty || save.isPending} onClick={onReset}>{t('common.reset')}</Button>
              <Button type="submit" disabled={!isDirty} loading={save.isPending}>{t('common.save')}</Button>
            </Group>
          </Group>
        )}
        {drafts.length > 0 && <Text size="xs" c="dimmed">{t('dealLines.amountHint')}</Text>}
      </Stack>
    </form>
  );
}

/** The deal's products and services; their total is the deal's amount. */
export function DealLinesTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const lines = useDealLines(record.id);
  const save = useSaveDealLines(record.id);
  if (lines.isPending) return <Center py="xl"><Loader /></Center>;
  if (!lines.data) return null;
  // Lines set the deal's amount, so changing them takes the right to change it.
  const canEdit = can(me, 'deal', 'update') && fieldAccess(me, 'deal', 'amount') === 'write' && lines.data.total !== undefined;
  if (!canEdit) {
    return lines.data.lines.length === 0
      ? <EmptyPlaceholder icon={<IconPackage size={28} />} title={t('dealLines.empty')} />
      : <DealLinesView lines={lines.data} />;
  }
  // Keyed by the fetch, so saved (or elsewhere changed) lines become the editor's new start.
  return <DealLinesEditor key={lines.dataUpdatedAt} lines={lines.data} save={save} canPickProducts={can(me, 'product', 'read')} />;
}
