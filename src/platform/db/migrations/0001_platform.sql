-- Platform tables. Tenant-owned tables lead their primary key and every foreign key
-- with workspace_id so they can be distributed by it (Citus) without schema changes.
-- workspace, app_user and user_session are global (reference tables under Citus).

create table workspace (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null,
  locale text not null default 'ru',
  time_zone text not null default 'Europe/Moscow',
  currency char(3) not null default 'RUB',
  default_region char(2) not null default 'RU',
  created_at timestamptz not null default now()
);

create table app_user (
  id uuid primary key,
  email text not null unique check (email = lower(email)),
  name text not null,
  password_hash text,
  locale text not null default 'ru',
  is_disabled boolean not null default false,
  created_at timestamptz not null default now()
);

create table role (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  key text not null check (key ~ '^[a-z0-9_-]{2,64}$'),
  name text not null,
  is_builtin boolean not null default false,
  permissions jsonb not null default '{}',
  field_rules jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, key)
);

create table membership (
  workspace_id uuid not null references workspace (id),
  user_id uuid not null references app_user (id),
  role_id uuid not null,
  is_disabled boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id),
  foreign key (workspace_id, role_id) references role (workspace_id, id)
);
create index membership_user on membership (user_id);

create table team (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);

create table team_member (
  workspace_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  primary key (workspace_id, team_id, user_id),
  foreign key (workspace_id, team_id) references team (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references membership (workspace_id, user_id) on delete cascade
);
create index team_member_user on team_member (workspace_id, user_id);

create table user_session (
  id text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  workspace_id uuid references workspace (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_session_expiry on user_session (expires_at);

create table api_key (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  secret_hash text not null,
  role_id uuid not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, role_id) references role (workspace_id, id)
);
-- Keys are looked up by id before the workspace is known.
create index api_key_id on api_key (id);

create table audit_log (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  actor_name text,
  entity_type text not null,
  entity_id uuid,
  action text not null,
  changes jsonb not null default '{}',
  request_id text,
  primary key (workspace_id, id)
);
create index audit_log_entity on audit_log (workspace_id, entity_type, entity_id, id);
create index audit_log_actor on audit_log (workspace_id, actor_id, id);

create function audit_log_reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_reject_change();

create table domain_event (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  entity_type text,
  entity_id uuid,
  payload jsonb not null default '{}',
  actor_type text not null,
  actor_id uuid,
  occurred_at timestamptz not null default now(),
  dispatched_at timestamptz,
  primary key (workspace_id, id)
);
create index domain_event_pending on domain_event (id) where dispatched_at is null;
create index domain_event_entity on domain_event (workspace_id, entity_type, entity_id, id);

create table idempotency_key (
  workspace_id uuid not null references workspace (id),
  principal_id uuid not null,
  key text not null,
  request_hash text not null,
  status_code int,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (workspace_id, principal_id, key)
);
create index idempotency_key_age on idempotency_key (created_at);
