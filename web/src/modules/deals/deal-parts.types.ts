/** A deal's line as the server returns it; prices are decimal strings. */
export interface DealLine {
  id: string;
  /** Null for a line outside the catalogue, named by hand. */
  product_id: string | null;
  name: string;
  quantity: number;
  unit: string | null;
  discount_percent: number;
  /** Absent, like `amount` and the total, when the reader may not see the deal's amount. */
  unit_price?: string;
  amount?: string;
}

export interface DealLines {
  currency: string;
  total?: string;
  lines: DealLine[];
}

/** Prices left out come from the price list (or the product's base price) in the deal's currency. */
export interface DealLineInput {
  product_id?: string;
  name?: string;
  quantity: number;
  unit?: string;
  unit_price?: string;
  discount_percent?: number;
}

export interface DealLinesInput {
  price_list_id?: string;
  lines: DealLineInput[];
}

/** A person on a deal; the details are null when hidden from the reader. */
export interface DealContact {
  person_id: string;
  role: string | null;
  /** The deal's main contact (its person field), always listed first. */
  is_primary: boolean;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
}

export interface DealContactInput {
  person_id: string;
  role?: string | null;
}
