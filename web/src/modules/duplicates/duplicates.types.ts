import type { RecordData } from '../records/records.types.ts';

export type DuplicateReason = 'email' | 'phone' | 'inn' | 'similar_name';
export type PairStatus = 'open' | 'merged' | 'dismissed';

/** Two records that look like one customer, waiting for review. */
export interface DuplicatePair {
  id: string;
  object_type: string;
  record_a: string;
  record_b: string;
  reasons: string[];
  /** 0 to 1: how likely the two are one customer. */
  score: number;
  status: PairStatus;
  created_at: string;
  /** Both records as the reader may see them: record_a, then record_b. */
  records: [RecordData, RecordData];
}

/** Per field, whose value the surviving record keeps; unlisted fields keep the survivor's, or take the other's when it has none. */
export type MergeTake = Record<string, 'survivor' | 'merged'>;

export interface MergeInput {
  object_type: string;
  survivor_id: string;
  merged_id: string;
  take: MergeTake;
}

export interface MergeResult {
  merge_id: string;
  survivor: RecordData;
  moved_references: { table: string; column: string; count: number }[];
}

export interface RecordMerge {
  id: string;
  object_type: string;
  survivor_id: string;
  merged_id: string;
  /** The merged record as it was; undo brings it back. */
  merged_row: RecordData;
  actor_id: string;
  created_at: string;
  undone_at: string | null;
}

export interface UndoneMerge {
  merge_id: string;
  restored_id: string;
  survivor_id: string;
}
