import type { ColumnType, Generated } from 'kysely';

type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled';
type RecipientState = 'pending' | 'queued' | 'waiting' | 'held_out' | 'failed';
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CampaignVariant {
  key: string;
  template_id: string;
  share: number;
}

export interface CampaignTable {
  workspace_id: string;
  id: string;
  name: string;
  channel: 'email' | 'sms' | 'telegram' | 'auto';
  purpose: 'marketing' | 'service';
  segment_id: string;
  variants: ColumnType<CampaignVariant[], string, string>;
  holdout_share: number;
  winner_metric: 'open' | 'click' | 'conversion';
  auto_send_winner: boolean;
  test_share: number | null;
  decision_hours: number | null;
  scheduled_at: Timestamp | null;
  throttle_per_minute: number;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  cost: ColumnType<string | null, number | null, number | null>;
  currency: string | null;
  audience_size: number | null;
  winner_variant: string | null;
  winner_decided_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
}

export interface CampaignRecipientTable {
  workspace_id: string;
  campaign_id: string;
  person_id: string;
  variant: string;
  state: ColumnType<RecipientState, RecipientState | undefined, RecipientState>;
  message_id: string | null;
  error: string | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    campaign: CampaignTable;
    campaign_recipient: CampaignRecipientTable;
  }
}
