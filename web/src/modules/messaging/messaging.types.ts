export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'skipped'] as const;
export const MESSAGE_CHANNELS = ['email', 'sms', 'telegram'] as const;
export const SKIP_REASONS = [
  'withdrawn', 'pending_confirmation', 'no_consent', 'processing_withdrawn', 'frequency_cap', 'no_address', 'suppressed', 'channel_not_configured',
] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Message {
  id: string;
  person_id: string;
  person_title: string | null;
  channel: MessageChannel | null;
  requested_channel: string;
  purpose: 'marketing' | 'service' | 'transactional';
  source: 'campaign' | 'journey' | 'manual' | 'test';
  status: MessageStatus;
  skip_reason: string | null;
  subject: string | null;
  text_preview: string;
  address: string | null;
  error: string | null;
  scheduled_for: string | null;
  queued_at: string;
  sent_at: string | null;
}

export interface MessagingSettings {
  quiet_hours: { start: string; end: string } | null;
  frequency_cap: { max_messages: number; period_days: number } | null;
  fallback_order: MessageChannel[];
  email: {
    from: string | null; unsubscribe_mailto: string | null; max_connections: number; rate_per_second: number;
    dkim_domain: string | null; dkim_selector: string | null; has_dkim_key: boolean;
  };
  sms: { provider_url: string | null; sender: string | null; rate_per_second: number; has_token: boolean; has_report_secret: boolean };
  telegram: { bot_username: string | null; api_base_url: string; rate_per_second: number; has_bot_token: boolean; has_webhook_secret: boolean };
}

/** What PUT takes: the settings without the has_* flags, and secrets only when they change. */
export interface MessagingSettingsInput {
  quiet_hours: MessagingSettings['quiet_hours'];
  frequency_cap: MessagingSettings['frequency_cap'];
  fallback_order: MessageChannel[];
  email: Omit<MessagingSettings['email'], 'has_dkim_key'> & { dkim_private_key?: string };
  sms: Omit<MessagingSettings['sms'], 'has_token' | 'has_report_secret'> & { token?: string; report_secret?: string };
  telegram: Omit<MessagingSettings['telegram'], 'has_bot_token' | 'has_webhook_secret'> & { bot_token?: string; webhook_secret?: string };
}
