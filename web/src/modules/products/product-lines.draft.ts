import type { ProductHit } from './products.types.ts';

const MAX_NAME_LENGTH = 300;

/** A line being edited: a catalogue product or an item named by hand; inputs hold text and numbers as typed until saved. */
export interface ProductLineDraft {
  /** Stable across edits, so rows keep their inputs while others are removed. */
  rowKey: string;
  productId: string | null;
  name: string;
  quantity: number | string;
  /** Empty: the price comes from the catalogue (or a price list) when saved. */
  unitPrice: string;
}

/** What every saved line has, whatever it belongs to. */
export interface SavedProductLine {
  product_id: string | null;
  name: string;
  quantity: number;
  /** Absent when the reader may not see prices. */
  unit_price?: string;
}

/** What every line sends; a price left out is the catalogue's. */
export interface ProductLineInput {
  product_id?: string;
  name?: string;
  quantity: number;
  unit_price?: string;
}

export type ProductLineProblem = 'required' | 'quantity' | 'price';

/**
 * What lines of one kind (a deal's, an order's) add to a catalogue line: their own fields, how their prices
 * are written, how their discount works.
 */
export interface ProductLinesModel<Line extends SavedProductLine, Draft extends ProductLineDraft, Input extends ProductLineInput, Problem extends string> {
  /** The server's bound on the number of lines. */
  maxLines: number;
  /** A saved line's own fields as typed, the shared ones aside. */
  ownDraftOf: (line: Line) => Omit<Draft, keyof ProductLineDraft>;
  /** A stored unit price as it stands in its input. */
  unitPriceText: (stored: string) => string;
  /** A new line's own fields. */
  ownBlank: () => Omit<Draft, keyof ProductLineDraft>;
  /** A product picked for the line (null: taken off the catalogue): the own fields that change with it. */
  ownPicked: (draft: Draft, product: ProductHit | null) => Partial<Draft>;
  /** A unit price as the server takes it, or null when the text is not one. */
  normalizeUnitPrice: (text: string) => string | null;
  /** What the line costs at a price, as the server computes it. */
  amountAt: (draft: Draft, quantity: number, price: number) => number;
  /** The line as sent, from what every line sends, and the problem with its own fields, keyed by the server's field name. */
  checkOwn: (draft: Draft, shared: ProductLineInput) => { input: Input; problems: Partial<Record<string, Problem>> };
  /** Whether the price or the own fields differ from the saved line in anything that would be sent. */
  isOwnChanged: (draft: Draft, line: Line) => boolean;
}

/** Any kind's model, for what works on the shared fields alone. */
export type LinesModelOf<Draft extends ProductLineDraft> = ProductLinesModel<never, Draft, ProductLineInput, string>;

let nextRowKey = 0;

export const asNumber = (value: number | string) => (typeof value === 'number' ? value : Number(String(value).replace(',', '.')));

export function lineDrafts<Line extends SavedProductLine, Draft extends ProductLineDraft>(
  model: ProductLinesModel<Line, Draft, ProductLineInput, string>,
  lines: Line[],
): Draft[] {
  return lines.map((line) => ({
    rowKey: `line-${++nextRowKey}`,
    productId: line.product_id,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unit_price === undefined ? '' : model.unitPriceText(line.unit_price),
    ...model.ownDraftOf(line),
  }) as Draft);
}

export function emptyLine<Draft extends ProductLineDraft>(model: LinesModelOf<Draft>): Draft {
  return { rowKey: `line-${++nextRowKey}`, productId: null, name: '', quantity: 1, unitPrice: '', ...model.ownBlank() } as Draft;
}

/** The line with a product picked, or taken off the catalogue; the name stays, so it can go on as an item outside it. */
export function pickedLine<Draft extends ProductLineDraft>(model: LinesModelOf<Draft>, draft: Draft, product: ProductHit | null): Draft {
  // Another product: its price is the catalogue's (or the price list's) until one is typed.
  const shared = product ? { productId: product.id, name: product.name, unitPrice: '' } : { productId: null };
  return { ...draft, ...shared, ...model.ownPicked(draft, product) };
}

/** What the line will cost; null while the price is still to come from the catalogue. */
export function lineAmount<Draft extends ProductLineDraft>(model: LinesModelOf<Draft>, draft: Draft): number | null {
  const price = model.normalizeUnitPrice(draft.unitPrice);
  const quantity = asNumber(draft.quantity);
  if (price === null || !(quantity > 0)) return null;
  return model.amountAt(draft, quantity, Number(price));
}

/** The sum of the lines priced so far, and how many catalogue lines are still to be priced on save. */
export function linesTotal<Draft extends ProductLineDraft>(model: LinesModelOf<Draft>, drafts: Draft[]) {
  const amounts = drafts.map((draft) => lineAmount(model, draft));
  const total = amounts.reduce<number>((sum, amount) => sum + Math.round((amount ?? 0) * 100), 0) / 100;
  const pendingCount = drafts.filter((draft, index) => draft.productId && amounts[index] === null).length;
  return { total, pendingCount };
}

/** Checks before a round trip; the server still has the last word (e.g. a product with no price). Problems are keyed `<rowKey>.<field>`. */
export function checkLines<Draft extends ProductLineDraft, Input extends ProductLineInput, Problem extends string>(
  model: ProductLinesModel<never, Draft, Input, Problem>,
  drafts: Draft[],
): { lines: Input[] } | { problems: Record<string, ProductLineProblem | Problem> } {
  const problems: Record<string, ProductLineProblem | Problem> = {};
  const lines = drafts.map((draft) => {
    const name = draft.name.trim().slice(0, MAX_NAME_LENGTH);
    const quantity = asNumber(draft.quantity);
    const price = draft.unitPrice.trim() ? model.normalizeUnitPrice(draft.unitPrice) : undefined;
    if (!draft.productId && !name) problems[`${draft.rowKey}.name`] = 'required';
    if (!(quantity > 0)) problems[`${draft.rowKey}.quantity`] = 'quantity';
    if (price === null) problems[`${draft.rowKey}.unit_price`] = 'price';
    // Only catalogue products have a price to fall back on.
    if (price === undefined && !draft.productId) problems[`${draft.rowKey}.unit_price`] = 'required';
    const own = model.checkOwn(draft, {
      ...(draft.productId ? { product_id: draft.productId } : {}),
      ...(name ? { name } : {}),
      quantity,
      ...(price ? { unit_price: price } : {}),
    });
    for (const [field, problem] of Object.entries(own.problems)) if (problem) problems[`${draft.rowKey}.${field}`] = problem;
    return own.input;
  });
  return Object.keys(problems).length > 0 ? { problems } : { lines };
}

/** The server names rows by position (`lines.1.unit_price`); the editor keys them by row. */
export function rowKeyedErrors(drafts: ProductLineDraft[], errors: Record<string, string>): Record<string, string> {
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
export function isChanged<Line extends SavedProductLine, Draft extends ProductLineDraft>(
  model: ProductLinesModel<Line, Draft, ProductLineInput, string>,
  drafts: Draft[],
  lines: Line[],
): boolean {
  if (drafts.length !== lines.length) return true;
  return drafts.some((draft, index) => {
    const line = lines[index]!;
    return draft.productId !== line.product_id || draft.name !== line.name || asNumber(draft.quantity) !== line.quantity
      || model.isOwnChanged(draft, line);
  });
}
