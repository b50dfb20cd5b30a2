import type { RecordData } from '../records/records.types.ts';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** What a lead's first-response badge needs; the my-day list sends only these. */
export interface LeadSlaFields {
  first_response_due_at: string | null;
  is_sla_breached: boolean;
  /** Absent where only leads still awaiting contact are listed. */
  first_contacted_at?: string | null;
}

/** A lead as the API returns it: its fields plus the columns distribution and conversion keep. */
export type LeadRecord = RecordData & LeadSlaFields & {
  full_name: string;
  first_name: string;
  company_name: string | null;
  channel: string | null;
  product_interest: string | null;
  status: LeadStatus;
  disqualify_reason: string | null;
  assigned_at: string | null;
  reassign_count: number;
  converted_at: string | null;
  person_id: string | null;
  company_id: string | null;
  deal_id: string | null;
};

export interface ConvertLeadInput {
  person_id?: string;
  company_id?: string;
  create_company: boolean;
  /** null opens no deal. */
  deal: { title?: string; amount?: string; currency?: string } | null;
}

export interface ConvertedLead {
  lead_id: string;
  person_id: string;
  company_id: string | null;
  deal_id: string | null;
}

export interface LeadSettings {
  default_team_id: string | null;
  first_response_minutes: number;
  reassign_after_minutes: number;
}

/** Conditions left null match any lead. */
export interface RoutingRuleInput {
  name: string;
  source: string | null;
  region: string | null;
  product_interest: string | null;
  channel: string | null;
  team_id: string;
  is_active: boolean;
}

export interface RoutingRule extends RoutingRuleInput {
  id: string;
}

export interface LeadAgent {
  user_id: string;
  name: string;
  is_accepting: boolean;
  /** ISO weekdays: 1 is Monday, 7 is Sunday. */
  work_days: number[];
  /** 'HH:MM' in the agent's time zone; equal start and end mean round the clock. */
  work_start: string;
  work_end: string;
  time_zone: string;
  last_assigned_at: string | null;
  is_on_shift: boolean;
}

export type LeadAgentInput = Partial<Pick<LeadAgent, 'is_accepting' | 'work_days' | 'work_start' | 'work_end' | 'time_zone'>>;

export interface LeadRouting {
  teams: { id: string; name: string }[];
  members: { user_id: string; name: string }[];
  settings: LeadSettings;
  rules: RoutingRule[];
  agents: LeadAgent[];
}
