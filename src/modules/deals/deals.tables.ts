import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DealTable {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  co_owner_ids: ColumnType<string[], string[] | undefined, string[]>;
  title: string;
  amount: string | null;
  currency: Generated<string>;
  stage: Generated<string>;
  company_id: string | null;
  person_id: string | null;
  expected_close_date: string | null;
  stage_changed_at: Timestamp;
  pipeline_id: string | null;
  close_reason: string | null;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DealStageHistoryTable {
  workspace_id: string;
  deal_id: string;
  id: string;
  pipeline_id: string | null;
  from_stage: string | null;
  to_stage: string;
  changed_at: Timestamp;
  actor_type: string;
  actor_id: string | null;
}

export interface PipelineTable {
  workspace_id: string;
  id: string;
  name: string;
  position: Generated<number>;
  is_default: Generated<boolean>;
  won_reasons: ColumnType<string[], string[] | undefined, string[]>;
  lost_reasons: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PipelineStageTable {
  workspace_id: string;
  pipeline_id: string;
  key: string;
  label: ColumnType<{ en: string; ru: string }, string, string>;
  position: number;
  probability: ColumnType<string, number | string, number | string>;
  rotting_days: number | null;
  outcome: 'open' | 'won' | 'lost';
}

export interface DealLineTable {
  workspace_id: string;
  deal_id: string;
  id: string;
  position: number;
  product_id: string | null;
  name: string;
  quantity: ColumnType<string, string, string>;
  unit: string | null;
  unit_price: ColumnType<string, string, string>;
  discount_percent: ColumnType<string, string | undefined, string>;
  amount: ColumnType<string, never, never>;
}

export interface DealContactTable {
  workspace_id: string;
  deal_id: string;
  id: string;
  person_id: string;
  role: string | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    deal: DealTable;
    deal_stage_history: DealStageHistoryTable;
    pipeline: PipelineTable;
    deal_line: DealLineTable;
    deal_contact: DealContactTable;
    pipeline_stage: PipelineStageTable;
  }
}
