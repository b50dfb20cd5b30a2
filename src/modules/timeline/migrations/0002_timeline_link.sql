-- A record whose history continues on another (a converted lead on its customer, a merged
-- duplicate on the survivor). Events about the first are written to both timelines, whatever
-- order the events are projected in.
create table timeline_link (
  workspace_id uuid not null,
  from_type text not null,
  from_id uuid not null,
  to_type text not null,
  to_id uuid not null,
  primary key (workspace_id, from_type, from_id, to_type, to_id)
);
