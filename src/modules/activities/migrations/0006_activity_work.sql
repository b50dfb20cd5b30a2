-- Incoming requests and their channel; tasks with a responsible person besides the assignee
-- (the owner), subtasks and reminders; email threads; meeting participants.
alter table activity
  add column channel text,
  add column responsible_id uuid,
  add column parent_id uuid,
  add column remind_at timestamptz,
  add column reminded_at timestamptz,
  add column thread_id text;
create index activity_parent on activity (workspace_id, parent_id);
create index activity_thread on activity (workspace_id, thread_id);
create index activity_responsible on activity (workspace_id, responsible_id);
-- Reminders still to send, across workspaces, for the minute sweep.
create index activity_reminder_due on activity (remind_at) where reminded_at is null and remind_at is not null;

-- Who takes part in a meeting: people of the CRM, members of the workspace, or just an address.
create table activity_participant (
  workspace_id uuid not null,
  activity_id uuid not null,
  id uuid not null,
  person_id uuid,
  user_id uuid,
  email text,
  name text,
  primary key (workspace_id, id),
  foreign key (workspace_id, activity_id) references activity (workspace_id, id) on delete cascade,
  check (num_nonnulls(person_id, user_id, email) >= 1)
);
create index activity_participant_activity on activity_participant (workspace_id, activity_id);
create index activity_participant_person on activity_participant (workspace_id, person_id);
