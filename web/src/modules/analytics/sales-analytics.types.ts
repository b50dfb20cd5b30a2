import type { LocalisedText } from '../records/index.ts';

/** The answers of the sales reports (src/modules/analytics/*.routes.ts). */
export interface ReportPeriod {
  from: string;
  to: string;
  days: number;
}

export interface FunnelStage {
  key: string;
  label: LocalisedText;
  outcome: 'open' | 'won' | 'lost';
  reached: number;
  conversion_to_next: number | null;
  lost_here: number;
  in_stage_now: number;
  median_days: number | null;
  p90_days: number | null;
}

export interface FunnelPipeline {
  id: string;
  name: string;
  deals: number;
  won: number;
  lost: number;
  win_rate: number | null;
  stages: FunnelStage[];
  bottleneck: {
    stage: string;
    label: LocalisedText;
    lost: number;
    share_of_losses: number | null;
    by_owner: { owner_id: string | null; owner_name: string | null; lost: number }[];
    by_source: { source: string | null; lost: number }[];
    by_month: { month: string | null; lost: number }[];
  } | null;
  sales_cycle: { won_deals: number; median_days: number | null; p90_days: number | null };
}

export interface FunnelReport {
  period: ReportPeriod;
  pipelines: FunnelPipeline[];
}

export interface ForecastMonthRow {
  month: string;
  currency: string;
  open_deals: number;
  expected_wins: number;
  pipeline_amount: string | null;
  weighted_amount: string | null;
  win_rate_amount: string | null;
  won_deals: number;
  won_amount: string | null;
}

export interface ForecastStage {
  pipeline_id: string;
  pipeline_name: string;
  key: string;
  label: LocalisedText;
  probability: number;
  closed_deals: number;
  won_deals: number;
  win_rate: number | null;
}

export interface SalesForecastReport {
  period: ReportPeriod;
  is_amount_hidden: boolean;
  months: ForecastMonthRow[];
  stages: ForecastStage[];
}

export interface TeamActivityRow {
  id: string;
  name: string;
  calls: number | null;
  meetings: number | null;
  emails: number | null;
  tasks_done: number | null;
  tasks_overdue: number | null;
  leads: number | null;
  leads_contacted: number | null;
  median_first_response_minutes: number | null;
  won_deals: number | null;
  won_revenue: { currency: string; amount: string }[] | null;
}

export interface TeamActivityReport {
  period: ReportPeriod;
  is_amount_hidden: boolean;
  members: TeamActivityRow[];
  teams: TeamActivityRow[];
}
