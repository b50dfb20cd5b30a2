-- When the deal entered its current stage (rotting is measured from it), and every move.
alter table deal add column stage_changed_at timestamptz not null default now();

create table deal_stage_history (
  workspace_id uuid not null references workspace (id),
  deal_id uuid not null,
  id uuid not null,
  from_stage text,
  to_stage text not null,
  changed_at timestamptz not null default now(),
  actor_type text not null,
  actor_id uuid,
  primary key (workspace_id, deal_id, id),
  foreign key (workspace_id, deal_id) references deal (workspace_id, id) on delete cascade
);
