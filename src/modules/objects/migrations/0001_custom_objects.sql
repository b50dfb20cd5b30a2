-- Custom objects: record types a workspace defines for itself (a property catalogue, a contract
-- base). Definitions are rows; records of every custom type share one table, told apart by
-- object_key, with a name and custom field values. No DDL per workspace.
create table custom_object_type (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  key text not null,
  label jsonb not null,
  label_plural jsonb not null,
  name_label jsonb not null,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, key)
);

create table custom_record (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_key text not null,
  owner_id uuid,
  name text not null,
  custom jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index custom_record_type on custom_record (workspace_id, object_key, id);
create index custom_record_owner on custom_record (workspace_id, object_key, owner_id, id);
create index custom_record_custom on custom_record using gin (workspace_id, custom jsonb_path_ops);
alter table custom_record add column search_vector tsvector generated always as (to_tsvector('russian', name)) stored;
create index custom_record_search on custom_record using gin (search_vector);
create index custom_record_name_trgm on custom_record using gin (name gin_trgm_ops);
