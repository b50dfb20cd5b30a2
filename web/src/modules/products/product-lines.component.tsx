import type { ReactNode } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPackage, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { RecordLinksActions } from '../records/index.ts';
import { formatPrice } from './price-format.ts';
import { linesTotal, type LinesModelOf, type ProductLineDraft } from './product-lines.draft.ts';
import type { ProductLinesDraft } from './product-lines.hooks.ts';
import { ProductLineRow, type ProductLineColumn, type ProductLinesTexts } from './product-lines.row.tsx';

/** The sum of the lines priced so far; catalogue lines without a typed price are priced on save. */
function DraftTotal<Draft extends ProductLineDraft>({ model, texts, testId, drafts, currency }: {
  model: LinesModelOf<Draft>; texts: ProductLinesTexts; testId: string; drafts: Draft[]; currency: string;
}) {
  const { t } = useTranslation();
  const { total, pendingCount } = linesTotal(model, drafts);
  return (
    <Stack gap={0} align="flex-end">
      <Group gap="xs">
        <Text size="sm" c="dimmed">{t(`${texts}.total`)}</Text>
        <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>{formatPrice(total, currency)}</Text>
      </Group>
      {pendingCount > 0 && <Text size="xs" c="dimmed">{t(`${texts}.pendingLines`, { count: pendingCount })}</Text>}
    </Stack>
  );
}

interface ProductLinesEditorProps<Draft extends ProductLineDraft> {
  model: LinesModelOf<Draft>;
  /** From useProductLinesDraft. */
  lines: ProductLinesDraft<Draft>;
  texts: ProductLinesTexts;
  /** A row's test id; the total's is `<rowTestId>s-total`. */
  rowTestId: string;
  currency: string;
  canPickProducts: boolean;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  /** The price input's placeholder on a catalogue line, where an empty price is taken from the catalogue. */
  catalogPriceLabel: string;
  /** A unit of measure typed per line (deals). */
  unitColumn?: ProductLineColumn<Draft>;
  discountColumn: ProductLineColumn<Draft>;
  /** Whether anything would be saved: the lines, or what the kind adds (a deal's price list). */
  isDirty: boolean;
  onReset: () => void;
  /** Stands left of reset and save, e.g. a price list to price the lines from. */
  actionsLeft?: ReactNode;
}

/** A deal's or an order's lines as a form: a table of editable lines, their running total, reset and save. */
export function ProductLinesEditor<Draft extends ProductLineDraft>(props: ProductLinesEditorProps<Draft>) {
  const { model, lines, texts, rowTestId, currency, canPickProducts, minWidth, catalogPriceLabel, unitColumn, discountColumn, isDirty, onReset, actionsLeft } = props;
  const { t } = useTranslation();
  const { drafts, errors } = lines;

  const addButton = (
    <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} disabled={!lines.canAdd} onClick={lines.add}>
      {t(`${texts}.add`)}
    </Button>
  );

  return (
    <form onSubmit={lines.onSubmit} noValidate>
      <Stack>
        {drafts.length === 0 ? (
          <EmptyPlaceholder icon={<IconPackage size={28} />} title={t(`${texts}.empty`)} description={t(`${texts}.emptyText`)} action={addButton} />
        ) : (
          <>
            <Table.ScrollContainer minWidth={minWidth}>
              <Table verticalSpacing={6} horizontalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th miw={260}>{t(`${texts}.product`)}</Table.Th>
                    <Table.Th w={100}>{t(`${texts}.quantity`)}</Table.Th>
                    {unitColumn && <Table.Th w={unitColumn.width}>{unitColumn.head}</Table.Th>}
                    <Table.Th w={140}>{t(`${texts}.unitPriceIn`, { currency })}</Table.Th>
                    <Table.Th w={discountColumn.width}>{discountColumn.head}</Table.Th>
                    <Table.Th w={140} ta="right">{t(`${texts}.amount`)}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {drafts.map((draft, index) => (
                    <ProductLineRow
                      key={draft.rowKey}
                      model={model}
                      texts={texts}
                      testId={rowTestId}
                      draft={draft}
                      index={index}
                      currency={currency}
                      errors={errors}
                      canPickProducts={canPickProducts}
                      catalogPriceLabel={catalogPriceLabel}
                      unitColumn={unitColumn}
                      discountColumn={discountColumn}
                      onChange={lines.change}
                      onRemove={() => lines.remove(draft.rowKey)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" align="flex-start">
              {addButton}
              <DraftTotal model={model} texts={texts} testId={`${rowTestId}s-total`} drafts={drafts} currency={currency} />
            </Group>
          </>
        )}
        {errors.lines && <Text size="sm" c="red">{errors.lines}</Text>}
        {(drafts.length > 0 || isDirty) && (
          <RecordLinksActions isDirty={isDirty} isSaving={lines.isSaving} onReset={onReset} leftSection={actionsLeft} />
        )}
        {drafts.length > 0 && <Text size="xs" c="dimmed">{t(`${texts}.amountHint`)}</Text>}
      </Stack>
    </form>
  );
}
