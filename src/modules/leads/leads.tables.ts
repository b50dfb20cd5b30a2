import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface LeadTable {
  workspace_id: string;
  id: string;
  owner_id: string | null;
  first_name: string;
  last_name: string | null;
  middle_name: string | null;
  full_name: Generated<string>;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  channel: Generated<string>;
  source: string | null;
  region: string | null;
  product_interest: string | null;
  status: Generated<string>;
  assigned_at: Timestamp | null;
  first_response_due_at: Timestamp | null;
  first_contacted_at: Timestamp | null;
  is_sla_breached: Generated<boolean>;
  reassign_count: Generated<number>;
  converted_at: Timestamp | null;
  person_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadAgentTable {
  workspace_id: string;
  user_id: string;
  is_accepting: Generated<boolean>;
  work_days: ColumnType<number[], number[] | undefined, number[]>;
  work_start: ColumnType<string, string | undefined, string>;
  work_end: ColumnType<string, string | undefined, string>;
  time_zone: Generated<string>;
  last_assigned_at: Timestamp | null;
}

export interface LeadRoutingRuleTable {
  workspace_id: string;
  id: string;
  position: number;
  name: string;
  source: string | null;
  region: string | null;
  product_interest: string | null;
  channel: string | null;
  team_id: string;
  is_active: Generated<boolean>;
  created_at: Timestamp;
}

export interface LeadSettingsTable {
  workspace_id: string;
  default_team_id: string | null;
  first_response_minutes: Generated<number>;
  reassign_after_minutes: Generated<number>;
  updated_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    lead: LeadTable;
    lead_agent: LeadAgentTable;
    lead_routing_rule: LeadRoutingRuleTable;
    lead_settings: LeadSettingsTable;
  }
}
