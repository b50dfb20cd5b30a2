import { asNumber, normalizePrice, type ProductLineDraft, type ProductLinesModel } from '../products/index.ts';
import type { DealLine, DealLineInput } from './deal-parts.types.ts';

/** A deal's line being edited: a unit of its own and a discount in percent. */
export interface LineDraft extends ProductLineDraft {
  unit: string;
  discountPercent: number | string;
}

/** A deal's lines: prices to the kopeck, a discount in percent, and the server's bound of 200 lines. */
export const dealLinesModel: ProductLinesModel<DealLine, LineDraft, DealLineInput, 'discount'> = {
  maxLines: 200,
  unitPriceText: (stored) => stored,
  ownDraftOf: (line) => ({ unit: line.unit ?? '', discountPercent: line.discount_percent }),
  ownBlank: () => ({ unit: '', discountPercent: 0 }),
  // The product's unit comes with it; taken off the catalogue, the line keeps its unit.
  ownPicked: (draft, product) => (product ? { unit: product.unit ?? draft.unit } : {}),
  normalizeUnitPrice: normalizePrice,
  // As the server computes it: round(quantity × price × (1 − discount/100), 2).
  amountAt: (draft, quantity, price) => Math.round(quantity * price * (100 - (asNumber(draft.discountPercent) || 0))) / 100,
  checkOwn: (draft, shared) => {
    const discount = draft.discountPercent === '' ? 0 : asNumber(draft.discountPercent);
    return {
      input: { ...shared, ...(draft.unit.trim() ? { unit: draft.unit.trim() } : {}), discount_percent: discount },
      problems: discount >= 0 && discount <= 100 ? {} : { discount_percent: 'discount' },
    };
  },
  isOwnChanged: (draft, line) => draft.unitPrice !== (line.unit_price ?? '') || draft.unit !== (line.unit ?? '')
    || asNumber(draft.discountPercent || 0) !== line.discount_percent,
};
