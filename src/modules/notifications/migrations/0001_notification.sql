-- In-app notifications: one row per (event, member it concerns), written by the notifications
-- module's event subscriber. A member only ever reads their own.
create table notification (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  user_id uuid not null,
  event_id uuid not null,
  kind text not null check (kind in ('reminder_due', 'assigned')),
  entity_type text not null,
  entity_id uuid not null,
  title text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  primary key (workspace_id, id),
  -- A redelivered event must not notify twice.
  unique (workspace_id, event_id, user_id),
  -- A member who leaves the workspace takes their notifications along.
  foreign key (workspace_id, user_id) references membership (workspace_id, user_id) on delete cascade
);
-- The inbox reads a member's notifications newest event first.
create index notification_inbox on notification (workspace_id, user_id, event_id);
create index notification_unread on notification (workspace_id, user_id) where read_at is null;
