import { normalizePrice } from '../products/index.ts';
import type { DealLine, DealLineInput } from './deal-parts.types.ts';

/** The server's bounds for a deal's lines. */
export const MAX_LINES = 200;
const MAX_NAME_LENGTH = 300;

/** A line being edited: inputs hold text and numbers as typed until saved. */
export interface LineDraft {
  /** Stable across edits, so rows keep their inputs while others are removed. */
  rowKey: string;
  productId: string | null;
  name: string;
  quantity: number | string;
  unit: string;
  /** Empty: the price comes from the price list when saved. */
  unitPrice: string;
  discountPercent: number | string;
}

let nextRowKey = 0;
const newRowKey = () => `line-${++nextRowKey}`;

export function lineDrafts(lines: DealLine[]): LineDraft[] {
  return lines.map((line) => ({
    rowKey: newRowKey(),
    productId: line.product_id,
    name: line.name,
    quantity: line.quantity,
    unit: line.unit ?? '',
    unitPrice: line.unit_price ?? '',
    discountPercent: line.discount_percent,
  }));
}

export const emptyLine = (): LineDraft => ({ rowKey: newRowKey(), productId: null, name: '', quantity: 1, unit: '', unitPrice: '', discountPercent: 0 });

const asNumber = (value: number | string) => (typeof value === 'number' ? value : Number(String(value).replace(',', '.')));

/**
 * What the line will cost, as the server computes it (round(quantity × price × (1 − discount/100), 2));
 * null while the price is still to come from the price list.
 */
export function lineAmount(line: LineDraft): number | null {
  const price = normalizePrice(line.unitPrice);
  const quantity = asNumber(line.quantity);
  const discount = asNumber(line.discountPercent) || 0;
  if (price === null || !(quantity > 0)) return null;
  return Math.round(quantity * Number(price) * (100 - discount)) / 100;
}

export type LineProblem = 'required' | 'quantity' | 'price' | 'discount';

/** Checks before a round trip; the server still has the last word (e.g. a product with no price). */
export function checkLines(drafts: LineDraft[]): { lines: DealLineInput[] } | { problems: Record<string, LineProblem> } {
  const problems: Record<string, LineProblem> = {};
  const lines = drafts.map((draft): DealLineInput => {
    const name = draft.name.trim().slice(0, MAX_NAME_LENGTH);
    const quantity = asNumber(draft.quantity);
    const discount = draft.discountPercent === '' ? 0 : asNumber(draft.discountPercent);
    const price = draft.unitPrice.trim() ? normalizePrice(draft.unitPrice) : undefined;
    if (!draft.productId && !name) problems[`${draft.rowKey}.name`] = 'required';
    if (!(quantity > 0)) problems[`${draft.rowKey}.quantity`] = 'quantity';
    if (price === null) problems[`${draft.rowKey}.unit_price`] = 'price';
    // Only catalogue products have a price to fall back on.
    if (price === undefined && !draft.productId) problems[`${draft.rowKey}.unit_price`] = 'required';
    if (!(discount >= 0 && discount <= 100)) problems[`${draft.rowKey}.discount_percent`] = 'discount';
    return {
      ...(draft.productId ? { product_id: draft.productId } : {}),
      ...(name ? { name } : {}),
      quantity,
      ...(draft.unit.trim() ? { unit: draft.unit.trim() } : {}),
      ...(price ? { unit_price: price } : {}),
      discount_percent: discount,
    };
  });
  return Object.keys(problems).length > 0 ? { problems } : { lines };
}

/** The server names rows by position (`lines.1.unit_price`); the editor keys them by row. */
export function rowKeyedErrors(drafts: LineDraft[], errors: Record<string, string>): Record<string, string> {
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

/** Whether the drafts differ from the saved lines in anything that would be sent. */
export function isChanged(drafts: LineDraft[], lines: DealLine[]): boolean {
  if (drafts.length !== lines.length) return true;
  return drafts.some((draft, index) => {
    const line = lines[index]!;
    return draft.productId !== line.product_id || draft.name !== line.name || asNumber(draft.quantity) !== line.quantity
      || draft.unit !== (line.unit ?? '') || draft.unitPrice !== (line.unit_price ?? '') || asNumber(draft.discountPercent || 0) !== line.discount_percent;
  });
}
