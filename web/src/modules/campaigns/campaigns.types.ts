export const CAMPAIGN_CHANNELS = ['email', 'sms', 'telegram', 'auto'] as const;
export const CAMPAIGN_PURPOSES = ['marketing', 'service'] as const;
export const WINNER_METRICS = ['open', 'click', 'conversion'] as const;
export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled';
export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

export interface CampaignInput {
  name: string;
  channel: (typeof CAMPAIGN_CHANNELS)[number];
  purpose: (typeof CAMPAIGN_PURPOSES)[number];
  segment_id: string;
  variants: { template_id: string; share: number }[];
  holdout_share: number;
  winner_metric: (typeof WINNER_METRICS)[number];
  auto_send_winner: boolean;
  test_share: number | null;
  decision_hours: number | null;
  throttle_per_minute: number;
  cost: number | null;
  currency: string | null;
}

export interface CampaignProgress {
  audience: number;
  pending: number;
  queued: number;
  waiting: number;
  held_out: number;
  failed: number;
  sent: number;
  skipped: number;
}

export interface Campaign extends Omit<CampaignInput, 'variants'> {
  id: string;
  variants: { key: string; template_id: string; share: number }[];
  status: CampaignStatus;
  scheduled_at: string | null;
  winner_variant: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
  progress: CampaignProgress;
}

export interface ReportRow {
  variant: string;
  recipients: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  skipped: number;
  failed: number;
  unsubscribed: number;
  conversions: number;
  revenue: number;
  converted: number;
  open_rate: number | null;
  click_rate: number | null;
  conversion_rate: number | null;
  uplift_vs_holdout: { difference: number; low: number; high: number } | null;
}

export interface CampaignReport {
  campaign_id: string;
  metric: CampaignInput['winner_metric'];
  rows: ReportRow[];
  totals: { recipients: number; sent: number; conversions: number; revenue: number; cost: number | null; roi: number | null };
  experiment: { leader: string | null; winner: string | null; runner_up: string | null; p_value: number | null; z: number | null; is_significant: boolean };
  conversion_window_days: number;
}
