import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconLock, IconPackage, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { formatPrice } from '../products/index.ts';
import type { RecordTabProps } from '../records/index.ts';
import { checkLines, emptyLine, isChanged, lineAmount, lineDrafts, MAX_LINES, rowKeyedErrors, type OrderLineDraft } from './order-lines.draft.ts';
import { formatUnitPrice, orderOptionLabel } from './order-format.ts';
import { OrderLineRow } from './order-lines.row.tsx';
import { useOrderLines, useSaveOrderLines } from './order-parts.api.ts';
import { EDITABLE_STATUSES, type OrderLine } from './order-parts.types.ts';

/** The saved lines, for orders past changing and for readers who may not change them; prices only when the total is visible. */
function OrderLinesView({ lines, currency, total }: { lines: OrderLine[]; currency: string; total: string | undefined }) {
  const { t } = useTranslation();
  const isMoneyVisible = lines.every((line) => line.amount !== undefined);
  const hasReturns = lines.some((line) => line.returned_quantity > 0);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('orderLines.product')}</Table.Th>
            <Table.Th w={110} ta="right">{t('orderLines.quantity')}</Table.Th>
            {hasReturns && <Table.Th w={110} ta="right">{t('orderLines.returned')}</Table.Th>}
            {isMoneyVisible && <Table.Th w={140} ta="right">{t('orderLines.unitPrice')}</Table.Th>}
            {isMoneyVisible && <Table.Th w={120} ta="right">{t('orderLines.discount')}</Table.Th>}
            {isMoneyVisible && <Table.Th w={150} ta="right">{t('orderLines.amount')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.id} data-testid="order-line">
              <Table.Td>
                <Text size="sm">{line.name}</Text>
                {(line.sku || line.category) && <Text size="xs" c="dimmed">{[line.sku, line.category].filter(Boolean).join(' · ')}</Text>}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(line.quantity)}</Table.Td>
              {hasReturns && <Table.Td ta="right">{line.returned_quantity > 0 ? formatNumber(line.returned_quantity) : '—'}</Table.Td>}
              {isMoneyVisible && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatUnitPrice(line.unit_price ?? 0, currency)}</Table.Td>}
              {isMoneyVisible && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{Number(line.discount ?? 0) > 0 ? formatPrice(line.discount ?? 0, currency) : '—'}</Table.Td>}
              {isMoneyVisible && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatPrice(line.amount ?? 0, currency)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {isMoneyVisible && total !== undefined && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={hasReturns ? 5 : 4} ta="right">{t('orderLines.total')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="order-lines-total">{formatPrice(total, currency)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

/** The sum of the lines priced so far; catalogue lines without a typed price are priced on save. */
function DraftTotal({ drafts, currency }: { drafts: OrderLineDraft[]; currency: string }) {
  const { t } = useTranslation();
  const amounts = drafts.map(lineAmount);
  const total = amounts.reduce<number>((sum, amount) => sum + Math.round((amount ?? 0) * 100), 0) / 100;
  const pending = drafts.filter((draft, index) => draft.productId && amounts[index] === null).length;
  return (
    <Stack gap={0} align="flex-end">
      <Group gap="xs">
        <Text size="sm" c="dimmed">{t('orderLines.total')}</Text>
        <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="order-lines-total">{formatPrice(total, currency)}</Text>
      </Group>
      {pending > 0 && <Text size="xs" c="dimmed">{t('orderLines.pendingLines', { count: pending })}</Text>}
    </Stack>
  );
}

interface OrderLinesEditorProps {
  lines: OrderLine[];
  currency: string;
  /** Held by the tab: a save gives the editor new lines and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveOrderLines>;
  canPickProducts: boolean;
}

function OrderLinesEditor({ lines, currency, save, canPickProducts }: OrderLinesEditorProps) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<OrderLineDraft[]>(() => lineDrafts(lines));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isDirty = isChanged(drafts, lines);

  const clearErrors = (rowKey: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith(`${rowKey}.`))));

  const onLine = (next: OrderLineDraft) => {
    setDrafts((current) => current.map((draft) => (draft.rowKey === next.rowKey ? next : draft)));
    clearErrors(next.rowKey);
  };

  const onRemove = (rowKey: string) => {
    setDrafts((current) => current.filter((draft) => draft.rowKey !== rowKey));
    clearErrors(rowKey);
  };

  const onReset = () => {
    setDrafts(lineDrafts(lines));
    setErrors({});
  };

  const onServerError = (error: unknown, sent: OrderLineDraft[]) => {
    notifyError(error);
    if (!isApiError(error)) return;
    const fieldErrors = error.fieldErrors();
    for (const problem of error.problem.errors ?? []) {
      if (problem.code === 'NO_PRICE') fieldErrors[problem.field] = t('orderLines.noPrice', { currency });
      if (problem.code === 'DISCOUNT_TOO_LARGE') fieldErrors[problem.field] = t('orderLines.problems.discountTooLarge');
    }
    setErrors(rowKeyedErrors(sent, fieldErrors));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkLines(drafts);
    if ('problems' in checked) {
      setErrors(Object.fromEntries(Object.entries(checked.problems)
        .map(([field, problem]) => [field, problem === 'required' ? t('form.required') : t(`orderLines.problems.${problem}`)])));
      return;
    }
    const sent = drafts;
    save.mutate({ lines: checked.lines }, {
      onSuccess: () => notifySuccess(t('orderLines.saved')),
      onError: (error) => onServerError(error, sent),
    });
  };

  const addButton = (
    <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} disabled={drafts.length >= MAX_LINES}
      onClick={() => setDrafts((current) => [...current, emptyLine()])}>
      {t('orderLines.add')}
    </Button>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {drafts.length === 0 ? (
          <EmptyPlaceholder icon={<IconPackage size={28} />} title={t('orderLines.empty')} description={t('orderLines.emptyText')} action={addButton} />
        ) : (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing={6} horizontalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th miw={260}>{t('orderLines.product')}</Table.Th>
                    <Table.Th w={100}>{t('orderLines.quantity')}</Table.Th>
                    <Table.Th w={140}>{t('orderLines.unitPriceIn', { currency })}</Table.Th>
                    <Table.Th w={120}>{t('orderLines.discountIn', { currency })}</Table.Th>
                    <Table.Th w={140} ta="right">{t('orderLines.amount')}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {drafts.map((draft, index) => (
                    <OrderLineRow
                      key={draft.rowKey}
                      draft={draft}
                      index={index}
                      currency={currency}
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
              <DraftTotal drafts={drafts} currency={currency} />
            </Group>
          </>
        )}
        {errors.lines && <Text size="sm" c="red">{errors.lines}</Text>}
        {(drafts.length > 0 || isDirty) && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!isDirty || save.isPending} onClick={onReset}>{t('common.reset')}</Button>
            <Button type="submit" disabled={!isDirty} loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        )}
        {drafts.length > 0 && <Text size="xs" c="dimmed">{t('orderLines.amountHint')}</Text>}
      </Stack>
    </form>
  );
}

/** What the order holds; their sum is the order's total. Fixed once the order is fulfilled, cancelled or returned. */
export function OrderLinesTab({ objectType, record }: RecordTabProps) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const lines = useOrderLines(record.id);
  const save = useSaveOrderLines(record.id);
  if (lines.isPending) return <Center py="xl"><Loader /></Center>;
  if (!lines.data) return null;
  const currency = String(record.currency ?? 'RUB');
  const status = String(record.status ?? '');
  const total = typeof record.total === 'string' ? record.total : undefined;
  const isLocked = !EDITABLE_STATUSES.includes(status);
  // Lines set the order's total, so changing them takes the right to change it.
  const canEdit = !isLocked && can(me, 'order', 'update') && fieldAccess(me, 'order', 'total') === 'write'
    && lines.data.data.every((line) => line.amount !== undefined);
  if (!canEdit) {
    return (
      <Stack>
        {isLocked && (
          <Alert color="gray" icon={<IconLock size={18} />} data-testid="order-lines-locked">
            {t('orderLines.locked', { status: orderOptionLabel(objectType, 'status', status, i18n.language).toLowerCase() })}
          </Alert>
        )}
        {lines.data.data.length === 0
          ? <EmptyPlaceholder icon={<IconPackage size={28} />} title={t('orderLines.empty')} />
          : <OrderLinesView lines={lines.data.data} currency={currency} total={total} />}
      </Stack>
    );
  }
  // Keyed by the fetch, so saved (or elsewhere changed) lines become the editor's new start.
  return <OrderLinesEditor key={lines.dataUpdatedAt} lines={lines.data.data} currency={currency} save={save} canPickProducts={can(me, 'product', 'read')} />;
}
