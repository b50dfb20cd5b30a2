import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Localised = ColumnType<{ en: string; ru: string }, string, string>;

export interface CustomObjectTypeTable {
  workspace_id: string;
  id: string;
  key: string;
  label: Localised;
  label_plural: Localised;
  name_label: Localised;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    custom_object_type: CustomObjectTypeTable;
  }
}
