-- A background export of a list (a filter, a saved view or a search) to a file, with progress.
-- Files live under the data folder and expire after a day.
create table export_job (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  object_type text not null,
  format text not null check (format in ('csv', 'vcf')),
  filter jsonb,
  q text,
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed', 'cancelled', 'expired')),
  actor_type text not null,
  actor_id uuid not null,
  rows_total integer,
  rows_done integer not null default 0,
  file_path text not null,
  file_bytes bigint,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz not null default now() + interval '1 day',
  primary key (workspace_id, id)
);
create index export_job_actor on export_job (workspace_id, actor_id, id);
create index export_job_expiry on export_job (expires_at) where status <> 'expired';
