import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DuplicateCandidateTable {
  workspace_id: string;
  id: string;
  object_type: string;
  record_a: string;
  record_b: string;
  reasons: string[];
  score: number;
  status: ColumnType<'open' | 'merged' | 'dismissed', 'open' | 'merged' | 'dismissed' | undefined, 'open' | 'merged' | 'dismissed'>;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

/** A reference moved by a merge: which column of which table, on which rows. */
export interface MovedReference {
  table: string;
  column: string;
  /** For a custom relation: the key inside the `custom` column. */
  customKey?: string;
  ids: string[];
}

export interface RecordMergeTable {
  workspace_id: string;
  id: string;
  object_type: string;
  survivor_id: string;
  merged_id: string;
  merged_row: JSONColumnType<Record<string, unknown>, string, string>;
  survivor_before: JSONColumnType<Record<string, unknown>, string, string>;
  survivor_after: JSONColumnType<Record<string, unknown>, string, string>;
  moved_references: JSONColumnType<MovedReference[], string, string>;
  actor_id: string;
  created_at: Timestamp;
  undone_at: Timestamp | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    duplicate_candidate: DuplicateCandidateTable;
    record_merge: RecordMergeTable;
  }
}
