/** An order's line as the server returns it; money is a decimal string in the order's currency. */
export interface OrderLine {
  id: string;
  /** Null for a line outside the catalogue, named by hand (or imported by SKU the catalogue lacks). */
  product_id: string | null;
  sku: string | null;
  name: string;
  category: string | null;
  quantity: number;
  returned_quantity: number;
  /** Absent, like `discount` and `amount`, when the reader may not see the order's total. */
  unit_price?: string;
  /** On the whole line, not per unit. */
  discount?: string;
  amount?: string;
}

export interface OrderLines {
  data: OrderLine[];
}

/** Prices left out come from the default price list (or the product's base price) in the order's currency. */
export interface OrderLineInput {
  product_id?: string;
  sku?: string;
  name?: string;
  category?: string;
  quantity: number;
  unit_price?: string;
  discount?: string;
}

export interface OrderLinesInput {
  lines: OrderLineInput[];
}

export interface OrderReturn {
  id: string;
  external_id: string | null;
  order_id: string | null;
  currency: string;
  returned_at: string;
  reason: string | null;
  total: string;
}

export interface OrderReturnInput {
  reason?: string;
  lines: { line_id: string; quantity: number }[];
}

/** A customer's purchases in one currency; money is null when the order total is hidden from the reader. */
export interface PurchaseTotals {
  currency: string;
  order_count: number;
  /** Net of returns. */
  revenue: string | null;
  returned: string | null;
  average_order_value: string | null;
  first_order_at: string | null;
  last_order_at: string | null;
  categories: string[];
}

/** The statuses an order's lines may still change in (the server answers ORDER_LOCKED otherwise). */
export const EDITABLE_STATUSES: readonly string[] = ['created', 'paid'];
/** The statuses an order takes returns in. */
export const RETURNABLE_STATUSES: readonly string[] = ['paid', 'fulfilled'];
