-- The login 1C uses for a workspace's exchange. The password (256 random bits) is kept as its
-- SHA-256, like API keys: a slow hash would only slow every exchange request.
create table exchange_1c_credential (
  workspace_id uuid not null references workspace (id),
  login text not null,
  password_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- A session opened by checkauth; 1C sends its cookie back on every later request.
create table exchange_1c_session (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (workspace_id, id)
);
create index exchange_1c_session_token on exchange_1c_session (token_hash);

-- Files 1C uploads in a session (mode=file), part after part, until it asks to import them.
create table exchange_1c_file (
  workspace_id uuid not null,
  session_id uuid not null,
  filename text not null,
  content bytea not null,
  parts integer not null default 1,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, session_id, filename),
  foreign key (workspace_id, session_id) references exchange_1c_session (workspace_id, id) on delete cascade
);

-- Where the order export stands: orders changed after `delivered_*` are sent on the next query;
-- `pending_*` is the last order of the batch sent and becomes delivered when 1C answers success.
create table exchange_1c_state (
  workspace_id uuid not null references workspace (id),
  delivered_at timestamptz,
  delivered_id uuid,
  pending_at timestamptz,
  pending_id uuid,
  pending_count integer not null default 0,
  primary key (workspace_id)
);

-- Every exchange request that did something, for the settings page.
create table exchange_1c_log (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  occurred_at timestamptz not null default now(),
  type text not null,
  mode text not null,
  filename text,
  result text not null check (result in ('success', 'failure', 'progress')),
  message text,
  counts jsonb not null default '{}',
  primary key (workspace_id, id)
);
create index exchange_1c_log_recent on exchange_1c_log (workspace_id, occurred_at desc, id desc);
