create table company (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  name text not null,
  inn text,
  industry text,
  size text,
  city text,
  website text,
  phone text,
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index company_owner on company (workspace_id, owner_id, id);
create index company_inn on company (workspace_id, inn);
