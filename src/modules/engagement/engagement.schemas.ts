import { z } from 'zod';
import { MESSAGE_SOURCES } from '../messaging/index.ts';

export const engagementSettingsSchema = z.strictObject({
  tracking_enabled: z.boolean().describe('Rewrite links of marketing and service email to click redirects and add an open pixel'),
  attribution_window_days: z.number().int().min(1).max(90).describe('An order this many days after a click (else a send) is put down to that message'),
});
export type EngagementSettings = z.infer<typeof engagementSettingsSchema>;

export const statsQuerySchema = z.strictObject({
  source: z.enum(MESSAGE_SOURCES),
  source_id: z.uuid().optional(),
  step_id: z.uuid().optional(),
  variant: z.string().trim().min(1).max(50).optional(),
  group_by: z.enum(['step_id', 'variant']).optional(),
});

const count = z.number().int();
const rate = z.number().describe('0 to 1; 0 when nothing was delivered');
export const engagementStatsSchema = z.object({
  queued: count.describe('Every message, whatever became of it'),
  sent: count,
  delivered: count.describe('SMS with a delivery report; email and Telegram sent and not bounced or failed'),
  opened: count,
  clicked: count,
  bounced: count,
  failed: count,
  skipped: count,
  unsubscribed: count,
  conversions: count,
  revenue: z.string().describe('Sum of the attributed orders, net of returns'),
  open_rate: rate,
  click_rate: rate,
  delivery_rate: rate.describe('delivered / sent'),
  unsubscribe_rate: rate,
  conversion_rate: rate,
});
export const groupedStatsSchema = z.object({ data: z.array(engagementStatsSchema.extend({ group: z.string().nullable() })) });

export const kpiQuerySchema = z.strictObject({
  from: z.iso.date().optional().describe('First day of the period (YYYY-MM-DD), in the workspace’s time zone; 29 days before `to` when left out'),
  to: z.iso.date().optional().describe('Last day of the period, included; today when left out'),
});
export const kpisSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  mailing_revenue: z.string().describe('Revenue of orders put down to a message'),
  orders: count.describe('Orders placed in the period (cancelled ones left out)'),
  attributed_orders: count,
  sales_revenue: z.string(),
  share_of_sales_after_contact: z.number().describe('attributed orders / orders'),
  delivered: count,
  responded: count.describe('Delivered messages the person clicked'),
  response_conversion: z.number().describe('responded / delivered'),
});
