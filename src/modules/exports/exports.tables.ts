import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ExportJobTable {
  workspace_id: string;
  id: string;
  object_type: string;
  format: 'csv' | 'vcf';
  filter: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  q: string | null;
  status: Generated<'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired'>;
  actor_type: string;
  actor_id: string;
  rows_total: number | null;
  rows_done: Generated<number>;
  file_path: string;
  file_bytes: ColumnType<string | null, number | null, number | null>;
  error: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    export_job: ExportJobTable;
  }
}
