import type { ColumnType, Generated } from 'kysely';
import type { SegmentRule } from './segment-rules.schema.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SegmentTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  kind: 'dynamic' | 'static';
  rules: ColumnType<SegmentRule | null, string | null, string | null>;
  depends_on: ColumnType<string[], string[] | undefined, string[]>;
  data_kinds: ColumnType<string[], string[] | undefined, string[]>;
  member_count: ColumnType<number, number | undefined, number>;
  evaluated_at: Timestamp | null;
  last_error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SegmentMemberTable {
  workspace_id: string;
  segment_id: string;
  person_id: string;
  entered_at: Timestamp;
}

export interface SegmentMembershipEventTable {
  workspace_id: string;
  id: string;
  segment_id: string;
  person_id: string;
  change: 'entered' | 'exited';
  occurred_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    segment: SegmentTable;
    segment_member: SegmentMemberTable;
    segment_membership_event: SegmentMembershipEventTable;
  }
}
