-- btree_gin lets one GIN index lead with workspace_id and then index a record's custom values.
create extension if not exists btree_gin;

-- Custom fields are rows here, and their values live in each record table's `custom` jsonb
-- column: defining a field never runs DDL, and one GIN index serves equality filters on all of them.
create table custom_field (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  key text not null,
  label text not null,
  kind text not null,
  options jsonb,
  references_type text,
  is_required boolean not null default false,
  is_pii boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, object_type, key)
);

-- A saved list: filter, sort, columns and layout over one record type; private to its owner or shared.
create table saved_view (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  name text not null,
  owner_id uuid not null,
  is_shared boolean not null default false,
  filter jsonb,
  sort text,
  columns jsonb not null default '[]',
  group_by text,
  layout text not null default 'table',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index saved_view_object on saved_view (workspace_id, object_type);
