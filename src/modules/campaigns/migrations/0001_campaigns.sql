-- Broadcasts to a segment or static list, with A/B/n variants, a holdout and throttled sending.
create table campaign (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  channel text not null check (channel in ('email', 'sms', 'telegram', 'auto')),
  purpose text not null check (purpose in ('marketing', 'service')),
  -- No foreign key to segment: the audience is snapshotted at start, the report outlives the segment.
  segment_id uuid not null,
  -- [{ key: 'A', template_id, share }], shares in percent; with holdout_share they make 100.
  variants jsonb not null,
  holdout_share integer not null default 0 check (holdout_share between 0 and 99),
  winner_metric text not null default 'click' check (winner_metric in ('open', 'click', 'conversion')),
  auto_send_winner boolean not null default false,
  -- With auto_send_winner: the percent of the audience in the test, and hours until the winner is chosen.
  test_share integer check (test_share between 1 and 99),
  decision_hours integer check (decision_hours between 1 and 720),
  scheduled_at timestamptz,
  throttle_per_minute integer not null check (throttle_per_minute between 1 and 1000000),
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled')),
  cost numeric(18, 2),
  currency text,
  audience_size integer,
  winner_variant text,
  winner_decided_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  primary key (workspace_id, id)
);
create index campaign_status on campaign (workspace_id, status, id desc);

-- The audience as it was at start: who gets which variant, or nothing (holdout), and how far sending got.
create table campaign_recipient (
  workspace_id uuid not null,
  campaign_id uuid not null,
  person_id uuid not null,
  -- 'A', 'B', …, 'holdout', or 'rest' while the rest of the audience waits for the test's winner.
  variant text not null,
  state text not null default 'pending' check (state in ('pending', 'queued', 'waiting', 'held_out', 'failed')),
  message_id uuid,
  error text,
  primary key (workspace_id, campaign_id, person_id),
  foreign key (workspace_id, campaign_id) references campaign (workspace_id, id) on delete cascade
);
create index campaign_recipient_pending on campaign_recipient (workspace_id, campaign_id, person_id) where state = 'pending';
create index campaign_recipient_person on campaign_recipient (workspace_id, person_id);
