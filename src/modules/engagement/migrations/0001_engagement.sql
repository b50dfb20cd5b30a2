-- Tracking and attribution of messages: opens and clicks come back through signed links, and
-- unsubscribes and orders are put down to the message that led to them.
create table engagement_settings (
  workspace_id uuid not null references workspace (id),
  tracking_enabled boolean not null default true,
  attribution_window_days int not null default 7 check (attribution_window_days between 1 and 90),
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- The links of a sent email in order of appearance; a click token names a link by its position,
-- so the URL itself never travels in (or can be forged into) a redirect.
create table message_link (
  workspace_id uuid not null,
  message_id uuid not null,
  position int not null check (position >= 0),
  url text not null,
  primary key (workspace_id, message_id, position),
  foreign key (workspace_id, message_id) references message (workspace_id, id) on delete cascade
);

-- Every followed link (a message's first click also moves it to 'clicked').
create table message_click (
  workspace_id uuid not null,
  id uuid not null,
  message_id uuid not null,
  position int not null,
  url text not null,
  -- SHA-256 of the User-Agent: tells repeated clicks by one client apart without keeping the header.
  user_agent_hash text,
  clicked_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, message_id) references message (workspace_id, id) on delete cascade
);
create index message_click_message on message_click (workspace_id, message_id, clicked_at);

-- An unsubscribe put down to the message it came from; one per consent ledger entry.
create table message_unsubscribe (
  workspace_id uuid not null,
  consent_entry_id uuid not null,
  message_id uuid not null,
  unsubscribed_at timestamptz not null,
  primary key (workspace_id, consent_entry_id),
  foreign key (workspace_id, message_id) references message (workspace_id, id) on delete cascade
);
create index message_unsubscribe_message on message_unsubscribe (workspace_id, message_id);

-- An order put down to the message that led to it (last touch): at most one message per order.
create table message_conversion (
  workspace_id uuid not null,
  order_id uuid not null,
  message_id uuid not null,
  kind text not null check (kind in ('click', 'send')),
  revenue numeric(18, 2) not null,
  currency char(3) not null,
  ordered_at timestamptz not null,
  touched_at timestamptz not null,
  primary key (workspace_id, order_id),
  foreign key (workspace_id, message_id) references message (workspace_id, id) on delete cascade
);
create index message_conversion_message on message_conversion (workspace_id, message_id);
create index message_conversion_ordered on message_conversion (workspace_id, ordered_at);
