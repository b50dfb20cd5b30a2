import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DealTable {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  title: string;
  amount: string | null;
  currency: Generated<string>;
  stage: Generated<string>;
  company_id: string | null;
  person_id: string | null;
  expected_close_date: string | null;
  stage_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DealStageHistoryTable {
  workspace_id: string;
  deal_id: string;
  id: string;
  from_stage: string | null;
  to_stage: string;
  changed_at: Timestamp;
  actor_type: string;
  actor_id: string | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    deal: DealTable;
    deal_stage_history: DealStageHistoryTable;
  }
}
