import { z } from 'zod';

export const MESSAGE_CHANNELS = ['email', 'sms', 'telegram'] as const;
export const MESSAGE_PURPOSES = ['marketing', 'service', 'transactional'] as const;
export const MESSAGE_SOURCES = ['campaign', 'journey', 'manual', 'test'] as const;
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'skipped'] as const;
/** Why a message was not sent; stable values the log shows and reports count. */
export const SKIP_REASONS = [
  'withdrawn', 'pending_confirmation', 'no_consent', 'processing_withdrawn', 'frequency_cap', 'no_address', 'suppressed', 'channel_not_configured',
] as const;

export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];

export const channelSchema = z.enum(MESSAGE_CHANNELS);

/** Already rendered content: templates render, this module delivers. */
export const messageContentSchema = z.strictObject({
  subject: z.string().trim().min(1).max(500).optional().describe('Email subject; required when the message may go by email'),
  html: z.string().min(1).max(1_000_000).optional().describe('Email HTML part'),
  text: z.string().trim().min(1).max(100_000).describe('Plain text: the email text part, the SMS and the Telegram message'),
});

export const queueMessageSchema = z.strictObject({
  person_id: z.uuid(),
  channel: z.enum([...MESSAGE_CHANNELS, 'auto']).describe("'auto': the channel the person last answered on, else their preference, else the fallback order"),
  purpose: z.enum(MESSAGE_PURPOSES),
  source: z.enum(MESSAGE_SOURCES).default('manual'),
  source_id: z.uuid().optional(),
  step_id: z.uuid().optional(),
  variant: z.string().trim().min(1).max(50).optional().describe('The experiment variant this send belongs to, e.g. A, B'),
  idempotency_key: z.string().trim().min(1).max(300).describe('Names the send: the same key queues one message, e.g. journey:<id>:step:<id>:person:<id>'),
  content: messageContentSchema,
  send_after: z.iso.datetime({ offset: true }).optional().describe('Not before this moment'),
});
export type QueueMessageInput = z.input<typeof queueMessageSchema>;

/** Default send rates: SMS gateways commonly allow 10–100/s, the Telegram Bot API about 30/s per bot. */
export const SMS_RATE_PER_SECOND = 10;
export const TELEGRAM_RATE_PER_SECOND = 25;
const smsRate = z.number().int().min(1).max(1000).describe('SMS per second to the provider; a burst waits for its turn');
const telegramRate = z.number().int().min(1).max(1000).describe('Messages per second to the Bot API (about 30 for one bot); a burst waits for its turn');

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 21:00');

/** What the API returns: everything but the secrets, which show only whether they are set. */
export const settingsViewSchema = z.object({
  quiet_hours: z.object({ start: time, end: time }).nullable().describe('Marketing waits while it is between start and end in the recipient’s time zone'),
  frequency_cap: z.object({ max_messages: z.number().int().min(1).max(1000), period_days: z.number().int().min(1).max(365) }).nullable()
    .describe('At most this many marketing messages per person in the period, across campaigns and journeys'),
  fallback_order: z.array(channelSchema).min(1).max(3).refine((list) => new Set(list).size === list.length, 'Each channel once')
    .describe('Channel order for auto when the person has neither answered nor chosen'),
  email: z.object({
    from: z.string().trim().min(3).max(320).nullable().describe('From header; the server’s RAPPORT_MAIL_FROM when empty'),
    unsubscribe_mailto: z.email().nullable().describe('Mailbox for mailto: List-Unsubscribe, besides the one-click link'),
    max_connections: z.number().int().min(1).max(50),
    rate_per_second: z.number().int().min(1).max(10_000).describe('Messages per second to the SMTP server'),
    dkim_domain: z.string().trim().min(3).max(253).nullable(),
    dkim_selector: z.string().trim().min(1).max(63).nullable(),
    has_dkim_key: z.boolean(),
  }),
  sms: z.object({
    provider_url: z.url().nullable().describe('JSON-over-HTTP provider: POST {to, text, ref, sender} → {id}'),
    sender: z.string().trim().min(1).max(20).nullable(),
    rate_per_second: smsRate,
    has_token: z.boolean(),
    has_report_secret: z.boolean(),
  }),
  telegram: z.object({
    bot_username: z.string().trim().regex(/^[A-Za-z0-9_]{3,64}$/, 'The bot’s username without @').nullable(),
    api_base_url: z.url().describe('Bot API base; https://api.telegram.org unless a local Bot API server is used'),
    rate_per_second: telegramRate,
    has_bot_token: z.boolean(),
    has_webhook_secret: z.boolean(),
  }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

const secret = (min: number) => z.string().trim().min(min).max(10_000).nullable().optional();

/** What PUT takes: the view's fields, and secrets that are kept when left out and removed by null. */
export const settingsInputSchema = z.strictObject({
  quiet_hours: z.strictObject({ start: time, end: time }).refine((h) => h.start !== h.end, { message: 'Start and end differ', path: ['end'] }).nullable(),
  frequency_cap: z.strictObject(settingsViewSchema.shape.frequency_cap.unwrap().shape).nullable(),
  fallback_order: settingsViewSchema.shape.fallback_order,
  email: z.strictObject({
    ...settingsViewSchema.shape.email.omit({ has_dkim_key: true }).shape,
    dkim_private_key: secret(100).describe('PEM private key; kept when left out'),
  }),
  sms: z.strictObject({
    ...settingsViewSchema.shape.sms.omit({ has_token: true, has_report_secret: true }).shape,
    rate_per_second: smsRate.default(SMS_RATE_PER_SECOND),
    token: secret(1).describe('Provider API token; kept when left out'),
    report_secret: secret(16).describe('Delivery reports must carry it in X-Messaging-Secret; kept when left out'),
  }),
  telegram: z.strictObject({
    ...settingsViewSchema.shape.telegram.omit({ has_bot_token: true, has_webhook_secret: true }).shape,
    rate_per_second: telegramRate.default(TELEGRAM_RATE_PER_SECOND),
    bot_token: secret(10).describe('From @BotFather; kept when left out'),
    webhook_secret: secret(16).describe('setWebhook secret_token, sent back in X-Telegram-Bot-Api-Secret-Token; kept when left out'),
  }),
});
export type SettingsInput = z.infer<typeof settingsInputSchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  person_title: z.string().nullable(),
  requested_channel: z.string(),
  channel: channelSchema.nullable(),
  purpose: z.enum(MESSAGE_PURPOSES),
  source: z.enum(MESSAGE_SOURCES),
  source_id: z.uuid().nullable(),
  step_id: z.uuid().nullable(),
  idempotency_key: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  skip_reason: z.string().nullable(),
  subject: z.string().nullable(),
  text_preview: z.string().describe('The start of the plain text, for lists'),
  address: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  scheduled_for: z.string().nullable(),
  queued_at: z.string(),
  sent_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  opened_at: z.string().nullable(),
  clicked_at: z.string().nullable(),
  bounced_at: z.string().nullable(),
  failed_at: z.string().nullable(),
  skipped_at: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageSchema>;

export const messageDetailSchema = messageSchema.extend({
  html: z.string().nullable(),
  text: z.string(),
  history: z.array(z.object({ status: z.string(), detail: z.string().nullable(), occurred_at: z.string() })),
});

export const listMessagesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  person_id: z.uuid().optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  channel: channelSchema.optional(),
  source: z.enum(MESSAGE_SOURCES).optional(),
  source_id: z.uuid().optional(),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const smsReportSchema = z.strictObject({
  provider_message_id: z.string().trim().min(1).max(200),
  status: z.enum(['delivered', 'failed']),
  error: z.string().max(1000).optional(),
});

export const preferenceSchema = z.strictObject({ preferred_channel: channelSchema.nullable() });
