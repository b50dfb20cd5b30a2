/** Prices are decimal strings, as the server keeps them: money never passes through floats there. */
export interface PriceList {
  id: string;
  name: string;
  /** ISO 4217; a list prices products in one currency only. */
  currency: string;
  /** The list a deal in this currency uses when it names none; one per currency. */
  is_default: boolean;
  item_count: number;
}

export interface PriceListInput {
  name: string;
  currency: string;
  is_default?: boolean;
}

export interface PriceListItem {
  product_id: string;
  name: string;
  sku: string | null;
  unit: string;
  price: string;
}

/** One row of a price change: null removes the product from the list. */
export interface PriceListItemInput {
  product_id: string;
  price: string | null;
}

export interface PriceListChange {
  updated: number;
  removed: number;
}

/** A product's price in one list. */
export interface ProductPrice {
  price_list_id: string;
  name: string;
  currency: string;
  is_default: boolean;
  price: string;
}

/** A catalogue entry as the product search returns it; fields hidden from the reader are absent. */
export interface ProductHit {
  id: string;
  name: string;
  sku?: string | null;
  unit?: string | null;
  price?: string | null;
  currency?: string | null;
  is_active?: boolean;
}
