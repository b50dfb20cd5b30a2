import type { ReactNode } from 'react';
import { ActionIcon, NumberInput, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatPrice } from './price-format.ts';
import { ProductPicker } from './product-picker.component.tsx';
import { lineAmount, pickedLine, type LinesModelOf, type ProductLineDraft } from './product-lines.draft.ts';

/** The i18n group of a kind of lines; each has the editor's texts under the same keys. */
export type ProductLinesTexts = 'dealLines' | 'orderLines';

/** What a cell of a kind's own column gets to edit its line. */
export interface ProductLineCell<Draft extends ProductLineDraft> {
  draft: Draft;
  /** The line's number as the reader counts, from 1. */
  position: number;
  error: (field: string) => string | undefined;
  onChange: (draft: Draft) => void;
}

/** A column of a kind's own fields, e.g. a deal's unit or a line's discount. */
export interface ProductLineColumn<Draft extends ProductLineDraft> {
  head: string;
  width: number;
  cell: (props: ProductLineCell<Draft>) => ReactNode;
}

interface ProductLineRowProps<Draft extends ProductLineDraft> {
  model: LinesModelOf<Draft>;
  texts: ProductLinesTexts;
  testId: string;
  draft: Draft;
  index: number;
  currency: string;
  /** Keyed `<rowKey>.<field>`. */
  errors: Record<string, string>;
  canPickProducts: boolean;
  /** The price input's placeholder on a catalogue line, where an empty price is taken from the catalogue. */
  catalogPriceLabel: string;
  unitColumn?: ProductLineColumn<Draft>;
  discountColumn: ProductLineColumn<Draft>;
  onChange: (draft: Draft) => void;
  onRemove: () => void;
}

/** One editable line: a catalogue product or a name typed by hand, with quantity, price and discount. */
export function ProductLineRow<Draft extends ProductLineDraft>(props: ProductLineRowProps<Draft>) {
  const { model, texts, testId, draft, index, currency, errors, canPickProducts, catalogPriceLabel, unitColumn, discountColumn, onChange, onRemove } = props;
  const { t } = useTranslation();
  const error = (field: string) => errors[`${draft.rowKey}.${field}`];
  const amount = lineAmount(model, draft);
  const position = index + 1;
  const cell = { draft, position, error, onChange };

  return (
    <Table.Tr data-testid={testId}>
      <Table.Td>
        <Stack gap={4}>
          {canPickProducts && (
            <ProductPicker
              size="xs"
              ariaLabel={t(`${texts}.productOf`, { position })}
              placeholder={t(`${texts}.pickProduct`)}
              value={draft.productId}
              valueLabel={draft.name}
              error={error('product_id')}
              onChange={(product) => onChange(pickedLine(model, draft, product))}
            />
          )}
          {!draft.productId && (
            <TextInput
              size="xs"
              aria-label={t(`${texts}.nameOf`, { position })}
              placeholder={canPickProducts ? t(`${texts}.orName`) : t(`${texts}.name`)}
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
          aria-label={t(`${texts}.quantityOf`, { position })}
          min={0}
          decimalScale={3}
          allowNegative={false}
          value={draft.quantity}
          error={error('quantity')}
          onChange={(quantity) => onChange({ ...draft, quantity })}
        />
      </Table.Td>
      {unitColumn && <Table.Td>{unitColumn.cell(cell)}</Table.Td>}
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          aria-label={t(`${texts}.unitPriceOf`, { position })}
          placeholder={draft.productId ? catalogPriceLabel : undefined}
          value={draft.unitPrice}
          error={error('unit_price')}
          onChange={(event) => onChange({ ...draft, unitPrice: event.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>{discountColumn.cell(cell)}</Table.Td>
      <Table.Td ta="right">
        {amount === null ? (
          <Tooltip label={t(`${texts}.pricedOnSave`)} withArrow>
            <Text size="sm" c="dimmed">—</Text>
          </Tooltip>
        ) : (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatPrice(amount, currency)}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="subtle" color="red" aria-label={t(`${texts}.removeOf`, { position })} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}
