-- Values of the workspace's custom fields (see docs/custom-fields.md), indexed for containment filters.
alter table activity add column custom jsonb not null default '{}';
create index activity_custom on activity using gin (workspace_id, custom jsonb_path_ops);
