import { normalizePrice, type ProductLineDraft, type ProductLinesModel } from '../products/index.ts';
import { normalizeUnitPrice, unitPriceText } from './order-format.ts';
import type { OrderLine, OrderLineInput } from './order-parts.types.ts';

/** An order's line being edited: what it was imported with, and a discount on the whole line. */
export interface OrderLineDraft extends ProductLineDraft {
  /** Kept from the saved line and sent back, so a line imported by SKU keeps its SKU and category. */
  sku: string | null;
  category: string | null;
  /** On the whole line, in the order's currency; empty means none. */
  discount: string;
}

const isSamePrice = (typed: string, stored: string | undefined) =>
  stored === undefined ? typed.trim() === '' : Number(normalizeUnitPrice(typed) ?? NaN) === Number(stored);

/** An order's lines: unit prices to four places, a discount as an amount, and the server's bound of 500 lines. */
export const orderLinesModel: ProductLinesModel<OrderLine, OrderLineDraft, OrderLineInput, 'discount' | 'discountTooLarge'> = {
  maxLines: 500,
  unitPriceText,
  ownDraftOf: (line) => ({ sku: line.sku, category: line.category, discount: Number(line.discount ?? 0) === 0 ? '' : line.discount ?? '' }),
  ownBlank: () => ({ sku: null, category: null, discount: '' }),
  // The product's SKU and category come with it; a line taken off the catalogue keeps only its name.
  ownPicked: () => ({ sku: null, category: null }),
  normalizeUnitPrice,
  // As the database computes it: round(quantity × price − discount, 2).
  amountAt: (draft, quantity, price) => {
    const discount = draft.discount.trim() ? Number(normalizePrice(draft.discount) ?? 0) : 0;
    return Math.round(quantity * price * 100 - discount * 100) / 100;
  },
  checkOwn: (draft, shared) => {
    const discount = draft.discount.trim() ? normalizePrice(draft.discount) : undefined;
    const price = shared.unit_price;
    const isTooLarge = Boolean(discount && price && shared.quantity > 0 && Number(discount) > shared.quantity * Number(price));
    return {
      input: {
        ...shared,
        ...(draft.sku ? { sku: draft.sku } : {}),
        ...(draft.category ? { category: draft.category } : {}),
        ...(discount ? { discount } : {}),
      },
      problems: discount === null ? { discount: 'discount' } : isTooLarge ? { discount: 'discountTooLarge' } : {},
    };
  },
  isOwnChanged: (draft, line) => !isSamePrice(draft.unitPrice, line.unit_price)
    || Number(normalizePrice(draft.discount || '0') ?? NaN) !== Number(line.discount ?? 0),
};
