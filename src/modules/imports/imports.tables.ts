import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<number, number | undefined, number>;

export type DedupeMode = 'update' | 'skip' | 'create';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ImportJobTable {
  workspace_id: string;
  id: string;
  object_type: string;
  file_name: string;
  file_path: string;
  file_bytes: ColumnType<number, number, number>;
  columns: JSONColumnType<string[], string, string>;
  delimiter: Generated<string>;
  mapping: JSONColumnType<Record<string, string | null> | null, string | null, string | null>;
  dedupe_mode: ColumnType<DedupeMode, DedupeMode | undefined, DedupeMode>;
  is_dry_run: Generated<boolean>;
  status: ColumnType<ImportStatus, ImportStatus | undefined, ImportStatus>;
  actor_type: string;
  actor_id: string;
  rows_processed: Count;
  bytes_processed: Count;
  rows_created: Count;
  rows_updated: Count;
  rows_skipped: Count;
  rows_failed: Count;
  error: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ImportErrorTable {
  workspace_id: string;
  import_id: string;
  row_number: number;
  column_name: string;
  value: string | null;
  message: string;
  code: ColumnType<string, string | undefined, string>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    import_job: ImportJobTable;
    import_error: ImportErrorTable;
  }
}
