create table person (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  last_name text,
  first_name text not null,
  middle_name text,
  full_name text generated always as (
    trim(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
  ) stored,
  email text,
  phone text,
  job_title text,
  company_id uuid,
  city text,
  birthday date,
  lifecycle_stage text not null default 'prospect',
  source text,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index person_owner on person (workspace_id, owner_id, id);
create index person_email on person (workspace_id, email);
create index person_company on person (workspace_id, company_id);
