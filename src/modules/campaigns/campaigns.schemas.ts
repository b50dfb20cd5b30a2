import { z } from 'zod';

export const CAMPAIGN_CHANNELS = ['email', 'sms', 'telegram', 'auto'] as const;
export const CAMPAIGN_PURPOSES = ['marketing', 'service'] as const;
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'] as const;
export const WINNER_METRICS = ['open', 'click', 'conversion'] as const;
export const HOLDOUT = 'holdout';
/** Conversions: orders placed within this many days of the campaign's start. */
export const CONVERSION_WINDOW_DAYS = 7;

export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type WinnerMetric = (typeof WINNER_METRICS)[number];

const variantInputSchema = z.strictObject({
  template_id: z.uuid(),
  share: z.number().int().min(1).max(100).describe('Percent of the audience'),
});

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  channel: z.enum(CAMPAIGN_CHANNELS).describe("'auto' lets the sending rules choose per person; it takes an email template"),
  purpose: z.enum(CAMPAIGN_PURPOSES),
  segment_id: z.uuid().describe('A dynamic segment or a static list'),
  variants: z.array(variantInputSchema).min(1).max(10).describe('A/B/n: each variant’s template and share; named A, B, … in order'),
  holdout_share: z.number().int().min(0).max(99).describe('Percent of the audience that gets nothing, to measure uplift'),
  winner_metric: z.enum(WINNER_METRICS),
  auto_send_winner: z.boolean().describe('Test on test_share percent, then send the winner to the rest after decision_hours'),
  test_share: z.number().int().min(1).max(99).nullable(),
  decision_hours: z.number().int().min(1).max(720).nullable(),
  throttle_per_minute: z.number().int().min(1).max(1_000_000),
  cost: z.number().min(0).max(1e12).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code, e.g. RUB').nullable(),
};

export const campaignInputSchema = z.strictObject({
  ...campaignFields,
  holdout_share: campaignFields.holdout_share.default(0),
  winner_metric: campaignFields.winner_metric.default('click'),
  auto_send_winner: campaignFields.auto_send_winner.default(false),
  test_share: campaignFields.test_share.default(null),
  decision_hours: campaignFields.decision_hours.default(null),
  throttle_per_minute: campaignFields.throttle_per_minute.default(6000),
  cost: campaignFields.cost.default(null),
  currency: campaignFields.currency.default(null),
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const campaignUpdateSchema = z.strictObject(campaignFields).partial();
export type CampaignUpdate = z.infer<typeof campaignUpdateSchema>;

export const scheduleInputSchema = z.strictObject({
  scheduled_at: z.iso.datetime({ offset: true }).describe('When sending starts; in the future'),
});

export const audiencePreviewInputSchema = z.strictObject({
  segment_id: z.uuid(),
  holdout_share: z.number().int().min(0).max(99).default(0),
});

export const audiencePreviewSchema = z.object({ audience_size: z.number(), holdout_estimate: z.number(), recipients_estimate: z.number() });

export const progressSchema = z.object({
  audience: z.number(), pending: z.number(), queued: z.number(), waiting: z.number(), held_out: z.number(), failed: z.number(),
  sent: z.number(), skipped: z.number(),
});

export const campaignSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(CAMPAIGN_CHANNELS),
  purpose: z.enum(CAMPAIGN_PURPOSES),
  segment_id: z.uuid(),
  variants: z.array(z.object({ key: z.string(), template_id: z.uuid(), share: z.number() })),
  holdout_share: z.number(),
  winner_metric: z.enum(WINNER_METRICS),
  auto_send_winner: z.boolean(),
  test_share: z.number().nullable(),
  decision_hours: z.number().nullable(),
  scheduled_at: z.string().nullable(),
  throttle_per_minute: z.number(),
  status: z.enum(CAMPAIGN_STATUSES),
  cost: z.number().nullable(),
  currency: z.string().nullable(),
  winner_variant: z.string().nullable(),
  winner_decided_at: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  progress: progressSchema,
});
export type CampaignView = z.infer<typeof campaignSchema>;

const interval = z.object({ difference: z.number(), low: z.number(), high: z.number() }).nullable();

export const reportRowSchema = z.object({
  variant: z.string(),
  recipients: z.number(),
  sent: z.number(),
  delivered: z.number(),
  opened: z.number(),
  clicked: z.number(),
  skipped: z.number(),
  failed: z.number(),
  unsubscribed: z.number(),
  conversions: z.number().describe('Orders engagement attributes to the variant’s messages'),
  revenue: z.number().describe('Revenue of those orders'),
  converted: z.number().describe('Recipients (sent to or held out) who ordered within the conversion window'),
  open_rate: z.number().nullable(),
  click_rate: z.number().nullable(),
  conversion_rate: z.number().nullable().describe('converted / recipients'),
  uplift_vs_holdout: interval.describe('Conversion rate minus the holdout’s, with its 95% Wald interval'),
});

export const reportSchema = z.object({
  campaign_id: z.uuid(),
  status: z.enum(CAMPAIGN_STATUSES),
  metric: z.enum(WINNER_METRICS),
  rows: z.array(reportRowSchema),
  totals: z.object({ recipients: z.number(), sent: z.number(), conversions: z.number(), revenue: z.number(), cost: z.number().nullable(), roi: z.number().nullable() }),
  experiment: z.object({
    leader: z.string().nullable(),
    winner: z.string().nullable(),
    runner_up: z.string().nullable(),
    p_value: z.number().nullable(),
    z: z.number().nullable(),
    is_significant: z.boolean(),
  }),
  conversion_window_days: z.number(),
});
export type CampaignReport = z.infer<typeof reportSchema>;
