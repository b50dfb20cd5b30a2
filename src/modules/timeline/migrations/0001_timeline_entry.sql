-- The timeline is a projection of domain events: one row per (event, record it concerns).
-- A deal created for a company appears on the deal's and on the company's timeline.
create table timeline_entry (
  workspace_id uuid not null references workspace (id),
  event_id uuid not null,
  subject_type text not null,
  subject_id uuid not null,
  occurred_at timestamptz not null,
  event_name text not null,
  entity_type text not null,
  entity_id uuid not null,
  -- Kept current from later events, so readers only see entries about records in their scope.
  entity_owner_id uuid,
  title text,
  actor_type text not null,
  actor_id uuid,
  changes jsonb not null default '{}',
  primary key (workspace_id, subject_type, subject_id, event_id)
);
create index timeline_entry_entity on timeline_entry (workspace_id, entity_type, entity_id);
