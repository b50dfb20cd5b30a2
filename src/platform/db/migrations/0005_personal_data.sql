-- Personal-data rights (docs/privacy.md): classification of custom fields, subject-access
-- requests, retention rules, and the one controlled exception to append-only tables: erasure.

-- A custom field is personal, sensitive (a special category: health, beliefs, …) or plain.
-- is_pii stays, derived, so readers of the old flag keep working.
alter table custom_field add column classification text not null default 'plain'
  check (classification in ('plain', 'personal', 'sensitive'));
update custom_field set classification = 'personal' where is_pii;
alter table custom_field drop column is_pii;
alter table custom_field add column is_pii boolean generated always as (classification <> 'plain') stored;

-- Erasure runs in one transaction that first sets `rapport.erasure` (set_config(…, true): it ends
-- with the transaction). Append-only tables let that transaction, and only it, rewrite personal
-- values in place; deleting their rows stays impossible, so the trail of what happened survives.
create function rapport_is_erasing() returns boolean language sql stable as $$
  select coalesce(current_setting('rapport.erasure', true), '') <> ''
$$;

create or replace function audit_log_reject_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and rapport_is_erasing()
    and (new.workspace_id, new.id, new.occurred_at, new.actor_type, new.actor_id, new.entity_type, new.entity_id, new.action, new.request_id)
      is not distinct from (old.workspace_id, old.id, old.occurred_at, old.actor_type, old.actor_id, old.entity_type, old.entity_id, old.action, old.request_id)
  then
    return new;
  end if;
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;

-- Replaces every match of a pattern (case-insensitive) in a text with the erasure marker.
create function rapport_scrub_text(value text, pattern text) returns text language sql immutable parallel safe as $$
  select regexp_replace(value, pattern, '[erased]', 'gi')
$$;

create function rapport_scrub_text_list(items text[], pattern text) returns text[] language sql immutable parallel safe as $$
  select coalesce(array_agg(regexp_replace(item, pattern, '[erased]', 'gi') order by n), '{}')
  from unnest(items) with ordinality as u(item, n)
$$;

-- Scrubs the strings (and keys) of a JSON document, leaving its structure and numbers as they
-- were: a regex over the document's text could cut through a number and break the JSON.
create function rapport_scrub_jsonb(doc jsonb, pattern text) returns jsonb language plpgsql immutable parallel safe as $$
begin
  case jsonb_typeof(doc)
    when 'string' then return to_jsonb(regexp_replace(doc #>> '{}', pattern, '[erased]', 'gi'));
    when 'object' then
      return (select coalesce(jsonb_object_agg(regexp_replace(k, pattern, '[erased]', 'gi'), rapport_scrub_jsonb(v, pattern)), '{}'::jsonb)
              from jsonb_each(doc) as e(k, v));
    when 'array' then
      return (select coalesce(jsonb_agg(rapport_scrub_jsonb(v, pattern) order by n), '[]'::jsonb)
              from jsonb_array_elements(doc) with ordinality as a(v, n));
    else return doc;
  end case;
end $$;

-- Audit-style field changes `{field: {before, after}}`: the values of these fields become the
-- erasure marker (absent and null values stay as they were).
create function rapport_erase_changes(changes jsonb, fields text[]) returns jsonb language sql immutable parallel safe as $$
  select coalesce(jsonb_object_agg(k, case
      when k = any(fields) and jsonb_typeof(v) = 'object' then (
        select coalesce(jsonb_object_agg(side, case when jsonb_typeof(value) = 'null' then value else '"[erased]"'::jsonb end), '{}'::jsonb)
        from jsonb_each(v) as s(side, value))
      when k = any(fields) and jsonb_typeof(v) <> 'null' then '"[erased]"'::jsonb
      else v end), '{}'::jsonb)
  from jsonb_each(case when jsonb_typeof(changes) = 'object' then changes else '{}'::jsonb end) as e(k, v)
$$;

-- What the workspace keeps and for how long; null switches a rule off.
create table privacy_settings (
  workspace_id uuid primary key references workspace (id),
  lead_retention_years integer check (lead_retention_years between 1 and 50),
  person_retention_years integer check (person_retention_years between 1 and 50),
  updated_at timestamptz not null default now()
);

-- A subject-access export: everything stored about one person, made by a background job as a
-- JSON file and a readable HTML page under the data folder; both expire after a week.
create table subject_access_request (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  person_id uuid not null,
  language text not null check (language in ('ru', 'en')),
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed', 'expired')),
  actor_type text not null,
  actor_id uuid not null,
  sections_total integer,
  sections_done integer not null default 0,
  file_path text not null,
  file_bytes bigint,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz not null default now() + interval '7 days',
  primary key (workspace_id, id)
);
create index subject_access_request_person on subject_access_request (workspace_id, person_id);
create index subject_access_request_expiry on subject_access_request (expires_at) where status <> 'expired';

-- Administrators of existing workspaces get the new settings object, as new workspaces do.
update role set permissions = permissions || '{"personal_data": {"actions": ["read", "create", "update", "delete", "export"], "scope": "all"}}'::jsonb
where key = 'admin' and is_builtin;
