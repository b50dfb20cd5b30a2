-- Keys a person is known by in other systems and channels (an online shop's customer number, a
-- 1C counterparty code, later a site visitor's id), so whatever arrives with that key finds them.
create table person_identity (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  person_id uuid not null,
  kind text not null check (kind ~ '^[a-z0-9_-]{1,40}$'),
  value text not null check (length(value) between 1 and 200),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, kind, value),
  foreign key (workspace_id, person_id) references person (workspace_id, id) on delete cascade
);
create index person_identity_person on person_identity (workspace_id, person_id);
