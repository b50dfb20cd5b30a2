-- A lead: an inbound request not yet qualified into a customer and a deal.
create table lead (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  last_name text,
  first_name text not null,
  middle_name text,
  full_name text generated always as (
    trim(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
  ) stored,
  company_name text,
  email text,
  phone text,
  channel text not null default 'website',
  source text,
  region text,
  product_interest text,
  message text,
  status text not null default 'new',
  disqualify_reason text,
  assigned_at timestamptz,
  first_response_due_at timestamptz,
  first_contacted_at timestamptz,
  is_sla_breached boolean not null default false,
  reassign_count integer not null default 0,
  converted_at timestamptz,
  person_id uuid,
  company_id uuid,
  deal_id uuid,
  custom jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index lead_owner on lead (workspace_id, owner_id, id);
create index lead_status on lead (workspace_id, status, id);
-- The SLA sweep reads only leads still waiting for a first contact.
create index lead_awaiting_contact on lead (first_response_due_at) where first_contacted_at is null and status = 'new';
create index lead_email on lead (workspace_id, email);
create index lead_custom on lead using gin (workspace_id, custom jsonb_path_ops);
alter table lead add column search_vector tsvector generated always as (
  to_tsvector('russian', coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, '') || ' ' || coalesce(company_name, ''))
) stored;
create index lead_search on lead using gin (search_vector);
create index lead_full_name_trgm on lead using gin (full_name gin_trgm_ops);

-- Who takes leads: per member, whether they accept them now and their working hours.
create table lead_agent (
  workspace_id uuid not null references workspace (id),
  user_id uuid not null,
  is_accepting boolean not null default true,
  -- ISO weekdays (1 = Monday … 7 = Sunday) and local working hours in the agent's time zone.
  work_days integer[] not null default '{1,2,3,4,5}',
  work_start time not null default '09:00',
  work_end time not null default '18:00',
  time_zone text not null default 'Europe/Moscow',
  last_assigned_at timestamptz,
  primary key (workspace_id, user_id)
);

-- Routing rules, tried in position order: the first whose conditions all match picks the team.
create table lead_routing_rule (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  position integer not null,
  name text not null,
  source text,
  region text,
  product_interest text,
  channel text,
  team_id uuid not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

-- Per-workspace distribution settings: the fallback team and the first-response SLA.
create table lead_settings (
  workspace_id uuid primary key references workspace (id),
  default_team_id uuid,
  first_response_minutes integer not null default 60,
  reassign_after_minutes integer not null default 30,
  updated_at timestamptz not null default now()
);
