import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ProductTable {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  name: string;
  sku: string | null;
  external_id: string | null;
  kind: Generated<string>;
  category: string | null;
  unit: Generated<string>;
  description: string | null;
  price: string | null;
  currency: Generated<string>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PriceListTable {
  workspace_id: string;
  id: string;
  name: string;
  currency: string;
  external_id: string | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PriceListItemTable {
  workspace_id: string;
  price_list_id: string;
  product_id: string;
  price: ColumnType<string, string, string>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    product: ProductTable;
    price_list: PriceListTable;
    price_list_item: PriceListItemTable;
  }
}
