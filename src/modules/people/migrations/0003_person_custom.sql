-- Values of the workspace's custom fields (see docs/custom-fields.md), indexed for containment filters.
alter table person add column custom jsonb not null default '{}';
create index person_custom on person using gin (workspace_id, custom jsonb_path_ops);
