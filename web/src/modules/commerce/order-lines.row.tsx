import { ActionIcon, NumberInput, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatPrice, ProductPicker, type ProductHit } from '../products/index.ts';
import { lineAmount, type OrderLineDraft } from './order-lines.draft.ts';

interface OrderLineRowProps {
  draft: OrderLineDraft;
  index: number;
  currency: string;
  /** Keyed `<rowKey>.<field>`. */
  errors: Record<string, string>;
  canPickProducts: boolean;
  onChange: (draft: OrderLineDraft) => void;
  onRemove: () => void;
}

/** One editable line: a catalogue product or a name typed by hand, with quantity, price and a discount on the line. */
export function OrderLineRow({ draft, index, currency, errors, canPickProducts, onChange, onRemove }: OrderLineRowProps) {
  const { t } = useTranslation();
  const error = (field: string) => errors[`${draft.rowKey}.${field}`];
  const amount = lineAmount(draft);
  const position = index + 1;

  const onPick = (product: ProductHit | null) => {
    // The product's SKU and category come with it; a line taken off the catalogue keeps only its name.
    if (!product) {
      onChange({ ...draft, productId: null, sku: null, category: null });
      return;
    }
    // Another product: its price is the catalogue's until one is typed.
    onChange({ ...draft, productId: product.id, name: product.name, sku: null, category: null, unitPrice: '' });
  };

  return (
    <Table.Tr data-testid="order-line">
      <Table.Td>
        <Stack gap={4}>
          {canPickProducts && (
            <ProductPicker
              size="xs"
              ariaLabel={t('orderLines.productOf', { position })}
              placeholder={t('orderLines.pickProduct')}
              value={draft.productId}
              valueLabel={draft.name}
              error={error('product_id')}
              onChange={onPick}
            />
          )}
          {!draft.productId && (
            <TextInput
              size="xs"
              aria-label={t('orderLines.nameOf', { position })}
              placeholder={canPickProducts ? t('orderLines.orName') : t('orderLines.name')}
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
          aria-label={t('orderLines.quantityOf', { position })}
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
          inputMode="decimal"
          aria-label={t('orderLines.unitPriceOf', { position })}
          // A catalogue line left without a price is priced from the catalogue on save.
          placeholder={draft.productId ? t('orderLines.fromCatalogue') : undefined}
          value={draft.unitPrice}
          error={error('unit_price')}
          onChange={(event) => onChange({ ...draft, unitPrice: event.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          aria-label={t('orderLines.discountOf', { position })}
          placeholder="0"
          value={draft.discount}
          error={error('discount')}
          onChange={(event) => onChange({ ...draft, discount: event.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td ta="right">
        {amount === null ? (
          <Tooltip label={t('orderLines.pricedOnSave')} withArrow>
            <Text size="sm" c="dimmed">—</Text>
          </Tooltip>
        ) : (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatPrice(amount, currency)}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="subtle" color="red" aria-label={t('orderLines.removeOf', { position })} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
