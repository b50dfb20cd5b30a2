-- Trigger journeys: a journey's editable definition, its immutable published versions, one durable
-- state machine per person and entry (enrollment), and every step an enrollment took.
create table journey (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  description text,
  status text not null default 'draft' check (status in ('draft', 'live', 'paused', 'archived')),
  -- The definition being edited (journey-graph.schema.ts): graph, goal events, re-entry rule.
  definition jsonb not null,
  current_version_id uuid,
  template_key text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index journey_name on journey (workspace_id, lower(name));

-- A published definition; never changed. Enrollments finish on the version they entered.
create table journey_version (
  workspace_id uuid not null,
  id uuid not null,
  journey_id uuid not null,
  number integer not null,
  definition jsonb not null,
  -- The trigger's event name (cart.abandoned, segment.entered…) or null for date, schedule and manual triggers.
  trigger_event text,
  -- The segment a segment or schedule trigger names.
  trigger_segment_id uuid,
  goal_events text[] not null default '{}',
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, journey_id, number),
  foreign key (workspace_id, journey_id) references journey (workspace_id, id) on delete cascade
);
create index journey_version_trigger on journey_version (workspace_id, trigger_event);

create table journey_enrollment (
  workspace_id uuid not null,
  id uuid not null,
  journey_id uuid not null,
  version_id uuid not null,
  person_id uuid not null,
  -- What enrolled the person: a domain event id, 'manual:<id>', 'date:<day>', 'schedule:<day>'.
  trigger_key text not null,
  -- The person's entry number in this journey (1 for the first), for re-entry rules and send keys.
  entry_number integer not null default 1,
  current_node text not null,
  status text not null default 'active' check (status in ('active', 'waiting', 'completed', 'exited', 'goal_reached', 'failed')),
  wait_until timestamptz,
  entered_at timestamptz not null default now(),
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, version_id, person_id, trigger_key),
  foreign key (workspace_id, version_id) references journey_version (workspace_id, id) on delete cascade
);
create index journey_enrollment_person on journey_enrollment (workspace_id, person_id, status);
create index journey_enrollment_journey on journey_enrollment (workspace_id, journey_id, entered_at desc);
create index journey_enrollment_due on journey_enrollment (wait_until) where status = 'waiting';

create table journey_step_log (
  workspace_id uuid not null,
  id uuid not null,
  enrollment_id uuid not null,
  version_id uuid not null,
  node_id text not null,
  outcome text not null,
  detail text,
  at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, enrollment_id) references journey_enrollment (workspace_id, id) on delete cascade
);
create index journey_step_log_enrollment on journey_step_log (workspace_id, enrollment_id, at);
create index journey_step_log_version on journey_step_log (workspace_id, version_id, node_id);
