-- Values of the workspace's custom fields (see docs/custom-fields.md), indexed for containment filters.
alter table company add column custom jsonb not null default '{}';
create index company_custom on company using gin (workspace_id, custom jsonb_path_ops);
