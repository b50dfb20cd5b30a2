-- One row per intended send. Campaigns, journeys and operators all queue through queueMessage(),
-- which names each send by an idempotency key, so a step reaches a person at most once.
create table message (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  -- No foreign key to person: the log outlives merges and deletions of the person.
  person_id uuid not null,
  -- What the caller asked for ('auto' lets the rules choose) and what was used.
  requested_channel text not null check (requested_channel in ('auto', 'email', 'sms', 'telegram')),
  channel text check (channel in ('email', 'sms', 'telegram')),
  purpose text not null check (purpose in ('marketing', 'service', 'transactional')),
  source text not null check (source in ('campaign', 'journey', 'manual', 'test')),
  source_id uuid,
  step_id uuid,
  idempotency_key text not null,
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'skipped')),
  skip_reason text,
  subject text,
  html text,
  body_text text not null,
  address text,
  provider_message_id text,
  error text,
  attempts int not null default 0,
  -- Not before this moment: the caller's send_after, or the end of quiet hours.
  scheduled_for timestamptz,
  created_by uuid,
  queued_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  bounced_at timestamptz,
  failed_at timestamptz,
  skipped_at timestamptz,
  primary key (workspace_id, id)
);
create unique index message_idempotency on message (workspace_id, idempotency_key);
create index message_person on message (workspace_id, person_id, id desc);
create index message_status on message (workspace_id, status, id desc);
-- The frequency cap counts a person's marketing messages sent within a window.
create index message_person_sent on message (workspace_id, person_id, sent_at) where purpose = 'marketing' and sent_at is not null;
create index message_provider on message (workspace_id, channel, provider_message_id) where provider_message_id is not null;

-- Every status a message went through, in order.
create table message_status_event (
  workspace_id uuid not null,
  id uuid not null,
  message_id uuid not null,
  status text not null,
  detail text,
  occurred_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, message_id) references message (workspace_id, id) on delete cascade
);
create index message_status_event_message on message_status_event (workspace_id, message_id, id);

create table messaging_settings (
  workspace_id uuid not null references workspace (id),
  settings jsonb not null,
  -- Secrets given to providers and webhooks; never returned by the API.
  smtp_dkim_private_key text,
  sms_token text,
  telegram_bot_token text,
  -- SHA-256 of the webhook secrets: an incoming report or update names its workspace by its secret.
  sms_report_secret_hash text,
  telegram_webhook_secret_hash text,
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);
create index messaging_settings_sms_secret on messaging_settings (sms_report_secret_hash) where sms_report_secret_hash is not null;
create index messaging_settings_telegram_secret on messaging_settings (telegram_webhook_secret_hash) where telegram_webhook_secret_hash is not null;

-- Addresses the person gave on channels that are not fields of the person: a Telegram chat.
create table messaging_channel_address (
  workspace_id uuid not null,
  person_id uuid not null,
  channel text not null check (channel in ('telegram')),
  address text not null,
  linked_at timestamptz not null default now(),
  primary key (workspace_id, person_id, channel),
  foreign key (workspace_id, person_id) references person (workspace_id, id) on delete cascade
);
create index messaging_channel_address_by_address on messaging_channel_address (workspace_id, channel, address);

-- Deep-link tokens that link a Telegram chat to a person; only their hash is kept.
create table messaging_telegram_link (
  workspace_id uuid not null,
  token_hash text not null,
  person_id uuid not null,
  expires_at timestamptz not null,
  primary key (workspace_id, token_hash),
  foreign key (workspace_id, person_id) references person (workspace_id, id) on delete cascade
);

-- The channel a person prefers, and the channel they last answered on (opened, clicked, wrote back).
create table messaging_preference (
  workspace_id uuid not null,
  person_id uuid not null,
  preferred_channel text check (preferred_channel in ('email', 'sms', 'telegram')),
  responded_channel text check (responded_channel in ('email', 'sms', 'telegram')),
  responded_at timestamptz,
  primary key (workspace_id, person_id),
  foreign key (workspace_id, person_id) references person (workspace_id, id) on delete cascade
);

-- Addresses nothing is sent to again: hard bounces, blocked bots.
create table messaging_suppression (
  workspace_id uuid not null references workspace (id),
  channel text not null check (channel in ('email', 'sms', 'telegram')),
  address text not null,
  reason text not null,
  message_id uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, channel, address)
);
