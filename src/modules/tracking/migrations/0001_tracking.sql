-- Behavioural events (page views, product views, carts, forms, identify; email engagement later),
-- partitioned by month of occurrence so old months are dropped whole when they pass retention.
-- Partitions are created as events for a month first arrive (ensureEventPartitions).
create table tracking_event (
  workspace_id uuid not null,
  occurred_at timestamptz not null,
  id uuid not null,
  client_event_id text not null,
  received_at timestamptz not null default now(),
  type text not null,
  visitor_id text,
  person_id uuid,
  session_id text,
  url text,
  properties jsonb not null default '{}',
  source text not null default 'web',
  primary key (workspace_id, occurred_at, id)
) partition by range (occurred_at);
create index tracking_event_person on tracking_event (workspace_id, person_id, occurred_at) where person_id is not null;
create index tracking_event_visitor on tracking_event (workspace_id, visitor_id, occurred_at) where visitor_id is not null;

-- The senders' own ids of recent events: a retried batch finds its events here and stores them
-- once, whatever time it gives them. Kept for a week (purgeEventKeys), long enough for any retry.
create table tracking_event_key (
  workspace_id uuid not null,
  client_event_id text not null,
  received_at timestamptz not null default now(),
  primary key (workspace_id, client_event_id)
);
create index tracking_event_key_received on tracking_event_key (received_at);

-- Visitors (first-party cookie ids) who have said who they are, and the person they are. Anonymous
-- visitors get no row: their events carry the visitor id, and that is all there is to know yet.
create table tracking_visitor (
  workspace_id uuid not null references workspace (id),
  visitor_id text not null,
  person_id uuid not null,
  identified_at timestamptz not null,
  primary key (workspace_id, visitor_id)
);
create index tracking_visitor_person on tracking_visitor (workspace_id, person_id);

-- The cart a visitor or person is filling, kept current from cart events. Abandoned after the
-- workspace's wait without a purchase (sweepAbandonedCarts); converted by a purchase.
create table tracking_cart (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  -- The visitor's id, or p:<person id> for carts reported server-side without a visitor.
  cart_key text not null,
  visitor_id text,
  person_id uuid,
  status text not null default 'open' check (status in ('open', 'abandoned', 'converted')),
  items jsonb not null default '{}',
  value numeric(18, 2) not null default 0,
  currency char(3),
  checkout_started_at timestamptz,
  updated_at timestamptz not null,
  abandoned_at timestamptz,
  converted_at timestamptz,
  primary key (workspace_id, id)
);
create unique index tracking_cart_open_key on tracking_cart (workspace_id, cart_key) where status = 'open';
create index tracking_cart_person on tracking_cart (workspace_id, person_id) where person_id is not null;
create index tracking_cart_open on tracking_cart (updated_at) where status = 'open';

-- Per person: when they were last seen on each channel, and whether they are active or sleeping.
create table customer_engagement (
  workspace_id uuid not null references workspace (id),
  person_id uuid not null,
  last_site_at timestamptz,
  last_email_at timestamptz,
  status text not null default 'active' check (status in ('active', 'sleeping')),
  status_changed_at timestamptz not null default now(),
  primary key (workspace_id, person_id)
);
create index customer_engagement_status on customer_engagement (workspace_id, status);

-- What a workspace's site may send without an API key: a public write key for the snippet, the
-- sites allowed to send it (CORS), and how long a cart waits before it counts as abandoned.
create table tracking_settings (
  workspace_id uuid not null primary key references workspace (id),
  write_key text not null unique,
  allowed_origins text[] not null default '{}',
  cart_abandon_minutes integer not null default 60 check (cart_abandon_minutes between 5 and 10080),
  sleeping_after_days integer not null default 90 check (sleeping_after_days between 7 and 3650),
  updated_at timestamptz not null default now()
);
