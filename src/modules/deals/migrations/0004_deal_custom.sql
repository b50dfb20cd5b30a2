-- Values of the workspace's custom fields (see docs/custom-fields.md), indexed for containment filters.
alter table deal add column custom jsonb not null default '{}';
create index deal_custom on deal using gin (workspace_id, custom jsonb_path_ops);
