create table activity (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  kind text not null,
  subject text not null,
  body text,
  status text not null default 'planned',
  due_at timestamptz,
  person_id uuid,
  company_id uuid,
  deal_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index activity_owner on activity (workspace_id, owner_id, id);
create index activity_person on activity (workspace_id, person_id);
create index activity_deal on activity (workspace_id, deal_id);
