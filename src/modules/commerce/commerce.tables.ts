import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SalesOrderTable {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  external_id: string | null;
  number: string;
  person_id: string | null;
  company_id: string | null;
  status: Generated<string>;
  currency: Generated<string>;
  channel: string | null;
  store: string | null;
  payment_method: string | null;
  placed_at: Timestamp;
  paid_at: Timestamp | null;
  fulfilled_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  total: Generated<string>;
  discount_total: Generated<string>;
  returned_total: Generated<string>;
  paid_amount: Generated<string>;
  debt: ColumnType<string, never, never>;
  custom: Generated<unknown>;
  unpaid_announced_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLineTable {
  workspace_id: string;
  order_id: string;
  id: string;
  position: number;
  product_id: string | null;
  sku: string | null;
  name: string;
  category: string | null;
  quantity: string;
  unit_price: string;
  discount: Generated<string>;
  amount: ColumnType<string, never, never>;
  returned_quantity: Generated<string>;
}

export interface OrderReturnTable {
  workspace_id: string;
  id: string;
  external_id: string | null;
  order_id: string | null;
  person_id: string | null;
  currency: string;
  returned_at: Timestamp;
  reason: string | null;
  total: string;
  created_at: Timestamp;
}

export interface OrderReturnLineTable {
  workspace_id: string;
  return_id: string;
  id: string;
  order_line_id: string | null;
  product_id: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  amount: string;
}

export interface CustomerOrderTotalsTable {
  workspace_id: string;
  person_id: string;
  currency: string;
  order_count: number;
  revenue: string;
  returned: string;
  first_order_at: Timestamp | null;
  last_order_at: Timestamp | null;
  categories: string[];
  /** Distinct days with a purchase, ascending, in the workspace's time zone; null on rows not refreshed since the column came. */
  purchase_days: string[] | null;
  /** Net value of the purchases up to and including each of those days. */
  purchase_running_value: string[] | null;
  updated_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    sales_order: SalesOrderTable;
    order_line: OrderLineTable;
    order_return: OrderReturnTable;
    order_return_line: OrderReturnLineTable;
    customer_order_totals: CustomerOrderTotalsTable;
  }
}
