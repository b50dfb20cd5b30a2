import { ActionIcon, NumberInput, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatPrice, ProductPicker, type ProductHit } from '../products/index.ts';
import { lineAmount, type LineDraft } from './deal-lines.draft.ts';

interface DealLineRowProps {
  draft: LineDraft;
  index: number;
  currency: string;
  /** Keyed `<rowKey>.<field>`. */
  errors: Record<string, string>;
  canPickProducts: boolean;
  onChange: (draft: LineDraft) => void;
  onRemove: () => void;
}

/** One editable line: a catalogue product or a name typed by hand, with quantity, price and discount. */
export function DealLineRow({ draft, index, currency, errors, canPickProducts, onChange, onRemove }: DealLineRowProps) {
  const { t } = useTranslation();
  const error = (field: string) => errors[`${draft.rowKey}.${field}`];
  const amount = lineAmount(draft);
  const position = index + 1;

  const onPick = (product: ProductHit | null) => {
    if (!product) {
      // The name stays, so the line can go on as an item outside the catalogue.
      onChange({ ...draft, productId: null });
      return;
    }
    // Another product: its price is the price list's until one is typed.
    onChange({ ...draft, productId: product.id, name: product.name, unit: product.unit ?? draft.unit, unitPrice: '' });
  };

  return (
    <Table.Tr data-testid="deal-line">
      <Table.Td>
        <Stack gap={4}>
          {canPickProducts && (
            <ProductPicker
              size="xs"
              ariaLabel={t('dealLines.productOf', { position })}
              placeholder={t('dealLines.pickProduct')}
              value={draft.productId}
              valueLabel={draft.name}
              error={error('product_id')}
              onChange={onPick}
            />
          )}
          {!draft.productId && (
            <TextInput
              size="xs"
              aria-label={t('dealLines.nameOf', { position })}
              placeholder={canPickProducts ? t('dealLines.orName') : t('dealLines.name')}
              maxLength={300}
              value={draft.name}
              error={error('name')}
              onChange={(event) => onChange({ ...draft, name: event.currentTarget.value })}
            />
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <NumberInput
          size="xs"
          aria-label={t('dealLines.quantityOf', { position })}
          min={0}
          decimalScale={3}
          allowNegative={false}
          value={draft.quantity}
          error={error('quantity')}
          onChange={(quantity) => onChange({ ...draft, quantity })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          aria-label={t('dealLines.unitOf', { position })}
          maxLength={30}
          value={draft.unit}
          error={error('unit')}
          onChange={(event) => onChange({ ...draft, unit: event.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          aria-label={t('dealLines.unitPriceOf', { position })}
          // A catalogue line left without a price is priced from the list on save.
          placeholder={draft.productId ? t('dealLines.fromPriceList') : undefined}
          value={draft.unitPrice}
          error={error('unit_price')}
          onChange={(event) => onChange({ ...draft, unitPrice: event.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
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
      </Table.Td>
      <Table.Td ta="right">
        {amount === null ? (
          <Tooltip label={t('dealLines.pricedOnSave')} withArrow>
            <Text size="sm" c="dimmed">—</Text>
          </Tooltip>
        ) : (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatPrice(amount, currency)}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="subtle" color="red" aria-label={t('dealLines.removeOf', { position })} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
