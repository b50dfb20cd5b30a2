-- Pairs of records that look like the same customer, for review. record_a < record_b, so a
-- pair is stored once whichever of the two was checked.
create table duplicate_candidate (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  record_a uuid not null,
  record_b uuid not null,
  reasons text[] not null,
  score real not null,
  status text not null default 'open',
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, object_type, record_a, record_b)
);
create index duplicate_candidate_open on duplicate_candidate (workspace_id, object_type, status, score desc);

-- A merge, with what undoing it needs: the merged record as it was, the survivor's values the
-- merge replaced, and which references were moved from the one to the other.
create table record_merge (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  survivor_id uuid not null,
  merged_id uuid not null,
  merged_row jsonb not null,
  survivor_before jsonb not null,
  survivor_after jsonb not null,
  moved_references jsonb not null,
  actor_id uuid not null,
  created_at timestamptz not null default now(),
  undone_at timestamptz,
  primary key (workspace_id, id)
);
