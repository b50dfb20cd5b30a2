import type { ColumnType } from 'kysely';
import type { RfmSegment } from './rfm.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | number, string | number>;

export interface CustomerValueSettingsTable {
  workspace_id: string;
  rfm_window_days: ColumnType<number, number | undefined, number>;
  horizon_months: ColumnType<number, number | undefined, number>;
  margin: ColumnType<string, string | number | undefined, string | number>;
  annual_discount_rate: ColumnType<string, string | number | undefined, string | number>;
  updated_at: Timestamp;
}

export interface CustomerValueRunTable {
  workspace_id: string;
  id: string;
  status: 'running' | 'completed' | 'failed';
  requested_by: string | null;
  as_of: ColumnType<string, string, string>;
  currency: string;
  settings: ColumnType<unknown, string, string>;
  customers: number | null;
  bgnbd: ColumnType<unknown, string | null, string | null>;
  gammagamma: ColumnType<unknown, string | null, string | null>;
  forecast: ColumnType<unknown, string | null, string | null>;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface CustomerScoreTable {
  workspace_id: string;
  person_id: string;
  run_id: string;
  first_order_on: ColumnType<string, string, string>;
  last_order_on: ColumnType<string, string, string>;
  recency_days: number;
  frequency: number;
  monetary: Numeric;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_segment: RfmSegment;
  repeat_purchases: number;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_avg_value: Numeric | null;
  clv: Numeric | null;
  churn_risk: 'low' | 'medium' | 'high' | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    customer_value_settings: CustomerValueSettingsTable;
    customer_value_run: CustomerValueRunTable;
    customer_score: CustomerScoreTable;
  }
}
