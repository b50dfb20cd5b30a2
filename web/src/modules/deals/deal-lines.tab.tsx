import { useState } from 'react';
import { Center, Loader, NumberInput, Select, Table, TextInput } from '@mantine/core';
import { IconPackage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { formatPrice, ProductLinesEditor, useProductLinesDraft, usePriceLists } from '../products/index.ts';
import type { RecordTabProps } from '../records/index.ts';
import { dealLinesModel } from './deal-lines.draft.ts';
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

interface DealLinesEditorProps {
  lines: DealLines;
  /** Held by the tab: a save gives the editor new lines and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveDealLines>;
  canPickProducts: boolean;
}

function DealLinesEditor({ lines, save, canPickProducts }: DealLinesEditorProps) {
  const { t } = useTranslation();
  const priceLists = usePriceLists(canPickProducts);
  const [priceListId, setPriceListId] = useState<string | null>(null);
  const drafts = useProductLinesDraft({
    model: dealLinesModel,
    saved: lines.lines,
    save,
    bodyOf: (sent) => ({ ...(priceListId ? { price_list_id: priceListId } : {}), lines: sent }),
    problemText: (problem) => t(`dealLines.problems.${problem}`),
    codeTexts: { NO_PRICE: t('dealLines.noPrice', { currency: lines.currency }) },
    savedMessage: t('dealLines.saved'),
  });
  // Only lists in the deal's currency can price it.
  const lists = (priceLists.data ?? []).filter((list) => list.currency === lines.currency);
  const defaultList = lists.find((list) => list.is_default);

  const onPriceList = (id: string | null) => {
    setPriceListId(id);
    // Catalogue lines take the new list's prices; lines outside the catalogue keep theirs.
    drafts.changeAll((draft) => (draft.productId ? { ...draft, unitPrice: '' } : draft));
  };

  const onReset = () => {
    drafts.reset();
    setPriceListId(null);
  };

  return (
    <ProductLinesEditor
      model={dealLinesModel}
      lines={drafts}
      texts="dealLines"
      rowTestId="deal-line"
      currency={lines.currency}
      canPickProducts={canPickProducts}
      minWidth={900}
      catalogPriceLabel={t('dealLines.fromPriceList')}
      unitColumn={{
        head: t('dealLines.unit'),
        width: 80,
        cell: ({ draft, position, error, onChange }) => (
          <TextInput
            size="xs"
            aria-label={t('dealLines.unitOf', { position })}
            maxLength={30}
            value={draft.unit}
            error={error('unit')}
            onChange={(event) => onChange({ ...draft, unit: event.currentTarget.value })}
          />
        ),
      }}
      discountColumn={{
        head: t('dealLines.discount'),
        width: 90,
        cell: ({ draft, position, error, onChange }) => (
          <NumberInput
            size="xs"
            aria-label={t('dealLines.discountOf', { position })}
            min={0}
            max={100}
            decimalScale={2}
            allowNegative={false}
            suffix="%"
            value={draft.discountPercent}
            error={error('discount_percent')}
            onChange={(discountPercent) => onChange({ ...draft, discountPercent })}
          />
        ),
      }}
      isDirty={priceListId !== null || drafts.isChanged}
      onReset={onReset}
      actionsLeft={canPickProducts ? (
        <Select
          label={t('dealLines.priceList')}
          description={t('dealLines.priceListHint')}
          placeholder={defaultList ? t('dealLines.defaultList', { name: defaultList.name }) : t('dealLines.basePrices', { currency: lines.currency })}
          data={lists.map((list) => ({ value: list.id, label: list.name }))}
          value={priceListId}
          error={drafts.errors.price_list_id}
          onChange={onPriceList}
          clearable
          w={360}
          comboboxProps={{ withinPortal: true }}
        />
      ) : undefined}
    />
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
