create table deal (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  title text not null,
  amount numeric(18, 2),
  currency char(3) not null default 'RUB',
  stage text not null default 'new',
  company_id uuid,
  person_id uuid,
  expected_close_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index deal_owner on deal (workspace_id, owner_id, id);
create index deal_stage on deal (workspace_id, stage);
