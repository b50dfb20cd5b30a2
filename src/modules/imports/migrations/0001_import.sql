-- A CSV import: the uploaded file, how its columns map to fields, and progress. Progress is a
-- checkpoint written with each batch, so a crashed import resumes where it stopped.
create table import_job (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  file_name text not null,
  file_path text not null,
  file_bytes bigint not null,
  columns jsonb not null default '[]',
  delimiter text not null default ',',
  mapping jsonb,
  dedupe_mode text not null default 'update',
  is_dry_run boolean not null default false,
  status text not null default 'uploaded',
  actor_type text not null,
  actor_id uuid not null,
  rows_processed integer not null default 0,
  bytes_processed bigint not null default 0,
  rows_created integer not null default 0,
  rows_updated integer not null default 0,
  rows_skipped integer not null default 0,
  rows_failed integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);

-- Why a row was not imported: its number in the file (the header is row 1), the column and the reason.
create table import_error (
  workspace_id uuid not null,
  import_id uuid not null,
  row_number integer not null,
  column_name text not null,
  value text,
  message text not null,
  primary key (workspace_id, import_id, row_number, column_name)
);
