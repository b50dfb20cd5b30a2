import { Alert, Center, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconLock, IconPackage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { formatPrice, ProductLinesEditor, useProductLinesDraft } from '../products/index.ts';
import type { RecordTabProps } from '../records/index.ts';
import { orderLinesModel } from './order-lines.draft.ts';
import { formatUnitPrice, orderOptionLabel } from './order-format.ts';
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

interface OrderLinesEditorProps {
  lines: OrderLine[];
  currency: string;
  /** Held by the tab: a save gives the editor new lines and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveOrderLines>;
  canPickProducts: boolean;
}

function OrderLinesEditor({ lines, currency, save, canPickProducts }: OrderLinesEditorProps) {
  const { t } = useTranslation();
  const drafts = useProductLinesDraft({
    model: orderLinesModel,
    saved: lines,
    save,
    bodyOf: (sent) => ({ lines: sent }),
    problemText: (problem) => t(`orderLines.problems.${problem}`),
    codeTexts: { NO_PRICE: t('orderLines.noPrice', { currency }), DISCOUNT_TOO_LARGE: t('orderLines.problems.discountTooLarge') },
    savedMessage: t('orderLines.saved'),
  });

  return (
    <ProductLinesEditor
      model={orderLinesModel}
      lines={drafts}
      texts="orderLines"
      rowTestId="order-line"
      currency={currency}
      canPickProducts={canPickProducts}
      minWidth={860}
      catalogPriceLabel={t('orderLines.fromCatalogue')}
      discountColumn={{
        head: t('orderLines.discountIn', { currency }),
        width: 120,
        cell: ({ draft, position, error, onChange }) => (
          <TextInput
            size="xs"
            inputMode="decimal"
            aria-label={t('orderLines.discountOf', { position })}
            placeholder="0"
            value={draft.discount}
            error={error('discount')}
            onChange={(event) => onChange({ ...draft, discount: event.currentTarget.value })}
          />
        ),
      }}
      isDirty={drafts.isChanged}
      onReset={drafts.reset}
    />
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
