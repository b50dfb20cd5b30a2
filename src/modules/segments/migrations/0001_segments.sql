-- Segments: dynamic ones (a rule tree compiled to one SQL query) and static lists filled by hand
-- or by import, with the current members and every entry and exit.
create table segment (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  description text,
  kind text not null check (kind in ('dynamic', 'static')),
  -- The rule tree (segment-rules.schema.ts); null for a static list.
  rules jsonb,
  -- Other segments the rules name, so dependents are found and cycles refused without parsing rules.
  depends_on uuid[] not null default '{}',
  -- What the rules read (profile, orders, events, scores, consent, segments, time): which changes re-evaluate it.
  data_kinds text[] not null default '{}',
  member_count integer not null default 0,
  evaluated_at timestamptz,
  last_error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check ((kind = 'dynamic') = (rules is not null))
);
create unique index segment_name on segment (workspace_id, lower(name));
create index segment_depends_on on segment using gin (workspace_id, depends_on);

-- Current members. No foreign key to person: a deleted person leaves through an exit (segments.realtime).
create table segment_member (
  workspace_id uuid not null,
  segment_id uuid not null,
  person_id uuid not null,
  entered_at timestamptz not null default now(),
  primary key (workspace_id, segment_id, person_id),
  foreign key (workspace_id, segment_id) references segment (workspace_id, id) on delete cascade
);
-- A person's segments, and the segment-membership condition (m.person_id = person.id).
create index segment_member_person on segment_member (workspace_id, person_id);

-- Every entry and exit, kept after a segment is deleted (the history outlives it).
create table segment_membership_event (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  segment_id uuid not null,
  person_id uuid not null,
  change text not null check (change in ('entered', 'exited')),
  occurred_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index segment_membership_event_segment on segment_membership_event (workspace_id, segment_id, id desc);
create index segment_membership_event_person on segment_membership_event (workspace_id, person_id, id desc);

-- "Did X at least N times in the last D days" reads one person's events of one type by time.
create index tracking_event_person_type on tracking_event (workspace_id, person_id, type, occurred_at) where person_id is not null;
