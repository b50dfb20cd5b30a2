import { normalizePrice } from '../products/index.ts';
import { normalizeUnitPrice, unitPriceText } from './order-format.ts';
import type { OrderLine, OrderLineInput } from './order-parts.types.ts';

/** The server's bounds for an order's lines. */
export const MAX_LINES = 500;
const MAX_NAME_LENGTH = 300;

/** A line being edited: inputs hold text and numbers as typed until saved. */
export interface OrderLineDraft {
  /** Stable across edits, so rows keep their inputs while others are removed. */
  rowKey: string;
  productId: string | null;
  name: string;
  /** Kept from the saved line and sent back, so a line imported by SKU keeps its SKU and category. */
  sku: string | null;
  category: string | null;
  quantity: number | string;
  /** Empty: the price comes from the catalogue in the order's currency when saved. */
  unitPrice: string;
  /** On the whole line, in the order's currency; empty means none. */
  discount: string;
}

let nextRowKey = 0;
const newRowKey = () => `order-line-${++nextRowKey}`;

export function lineDrafts(lines: OrderLine[]): OrderLineDraft[] {
  return lines.map((line) => ({
    rowKey: newRowKey(),
    productId: line.product_id,
    name: line.name,
    sku: line.sku,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unit_price === undefined ? '' : unitPriceText(line.unit_price),
    discount: Number(line.discount ?? 0) === 0 ? '' : line.discount ?? '',
  }));
}

export const emptyLine = (): OrderLineDraft => ({
  rowKey: newRowKey(), productId: null, name: '', sku: null, category: null, quantity: 1, unitPrice: '', discount: '',
});

const asNumber = (value: number | string) => (typeof value === 'number' ? value : Number(String(value).replace(',', '.')));

/**
 * What the line will cost, as the database computes it (round(quantity × price − discount, 2));
 * null while the price is still to come from the catalogue.
 */
export function lineAmount(line: OrderLineDraft): number | null {
  const price = normalizeUnitPrice(line.unitPrice);
  const quantity = asNumber(line.quantity);
  const discount = line.discount.trim() ? Number(normalizePrice(line.discount) ?? 0) : 0;
  if (price === null || !(quantity > 0)) return null;
  return Math.round(quantity * Number(price) * 100 - discount * 100) / 100;
}

export type OrderLineProblem = 'required' | 'quantity' | 'price' | 'discount' | 'discountTooLarge';

/** Checks before a round trip; the server still has the last word (e.g. a product with no price in the currency). */
export function checkLines(drafts: OrderLineDraft[]): { lines: OrderLineInput[] } | { problems: Record<string, OrderLineProblem> } {
  const problems: Record<string, OrderLineProblem> = {};
  const lines = drafts.map((draft): OrderLineInput => {
    const name = draft.name.trim().slice(0, MAX_NAME_LENGTH);
    const quantity = asNumber(draft.quantity);
    const price = draft.unitPrice.trim() ? normalizeUnitPrice(draft.unitPrice) : undefined;
    const discount = draft.discount.trim() ? normalizePrice(draft.discount) : undefined;
    if (!draft.productId && !name) problems[`${draft.rowKey}.name`] = 'required';
    if (!(quantity > 0)) problems[`${draft.rowKey}.quantity`] = 'quantity';
    if (price === null) problems[`${draft.rowKey}.unit_price`] = 'price';
    // Only catalogue products have a price to fall back on.
    if (price === undefined && !draft.productId) problems[`${draft.rowKey}.unit_price`] = 'required';
    if (discount === null) problems[`${draft.rowKey}.discount`] = 'discount';
    else if (discount && price && quantity > 0 && Number(discount) > quantity * Number(price)) problems[`${draft.rowKey}.discount`] = 'discountTooLarge';
    return {
      ...(draft.productId ? { product_id: draft.productId } : {}),
      ...(draft.sku ? { sku: draft.sku } : {}),
      ...(name ? { name } : {}),
      ...(draft.category ? { category: draft.category } : {}),
      quantity,
      ...(price ? { unit_price: price } : {}),
      ...(discount ? { discount } : {}),
    };
  });
  return Object.keys(problems).length > 0 ? { problems } : { lines };
}

/** The server names rows by position (`lines.1.unit_price`); the editor keys them by row. */
export function rowKeyedErrors(drafts: OrderLineDraft[], errors: Record<string, string>): Record<string, string> {
  const keyed: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const match = /^lines\.(\d+)(?:\.(\w+))?$/.exec(field);
    const draft = match ? drafts[Number(match[1])] : undefined;
    // A row refused as a whole (a line with neither product nor name) shows at its name.
    if (draft) keyed[`${draft.rowKey}.${match?.[2] ?? 'name'}`] = message;
    else keyed[field] = message;
  }
  return keyed;
}

const isSamePrice = (typed: string, stored: string | undefined) =>
  stored === undefined ? typed.trim() === '' : Number(normalizeUnitPrice(typed) ?? NaN) === Number(stored);

/** Whether the drafts differ from the saved lines in anything that would be sent. */
export function isChanged(drafts: OrderLineDraft[], lines: OrderLine[]): boolean {
  if (drafts.length !== lines.length) return true;
  return drafts.some((draft, index) => {
    const line = lines[index]!;
    return draft.productId !== line.product_id || draft.name !== line.name || asNumber(draft.quantity) !== line.quantity
      || !isSamePrice(draft.unitPrice, line.unit_price) || Number(normalizePrice(draft.discount || '0') ?? NaN) !== Number(line.discount ?? 0);
  });
}
