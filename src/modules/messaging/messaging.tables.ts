import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface MessageTable {
  workspace_id: string;
  id: string;
  person_id: string;
  requested_channel: string;
  channel: string | null;
  purpose: string;
  source: string;
  source_id: string | null;
  step_id: string | null;
  variant: string | null;
  idempotency_key: string;
  status: Generated<string>;
  skip_reason: string | null;
  subject: string | null;
  html: string | null;
  body_text: string;
  address: string | null;
  provider_message_id: string | null;
  error: string | null;
  attempts: Generated<number>;
  scheduled_for: NullableTimestamp;
  created_by: string | null;
  queued_at: Generated<Date>;
  sending_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  opened_at: NullableTimestamp;
  clicked_at: NullableTimestamp;
  bounced_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  skipped_at: NullableTimestamp;
}

export interface MessageStatusEventTable {
  workspace_id: string;
  id: string;
  message_id: string;
  status: string;
  detail: string | null;
  occurred_at: Generated<Date>;
}

export interface MessagingSettingsTable {
  workspace_id: string;
  settings: ColumnType<unknown, string, string>;
  smtp_dkim_private_key: string | null;
  sms_token: string | null;
  telegram_bot_token: string | null;
  sms_report_secret_hash: string | null;
  telegram_webhook_secret_hash: string | null;
  updated_at: Timestamp;
}

export interface MessagingChannelAddressTable {
  workspace_id: string;
  person_id: string;
  channel: string;
  address: string;
  linked_at: Generated<Date>;
}

export interface MessagingTelegramLinkTable {
  workspace_id: string;
  token_hash: string;
  person_id: string;
  expires_at: Timestamp;
}

export interface MessagingPreferenceTable {
  workspace_id: string;
  person_id: string;
  preferred_channel: string | null;
  responded_channel: string | null;
  responded_at: NullableTimestamp;
}

export interface MessagingSuppressionTable {
  workspace_id: string;
  channel: string;
  address: string;
  reason: string;
  message_id: string | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    message: MessageTable;
    message_status_event: MessageStatusEventTable;
    messaging_settings: MessagingSettingsTable;
    messaging_channel_address: MessagingChannelAddressTable;
    messaging_telegram_link: MessagingTelegramLinkTable;
    messaging_preference: MessagingPreferenceTable;
    messaging_suppression: MessagingSuppressionTable;
  }
}
