-- Web forms a workspace publishes for lead and request capture: which fields map to which
-- person/lead fields, and the consent text (with its version) a visitor agrees to.
create table web_form (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  target text not null check (target in ('lead', 'request')),
  definition jsonb not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
-- Public URLs name a form by id alone.
create unique index web_form_id on web_form (id);
create unique index web_form_name on web_form (workspace_id, lower(name));

-- Each accepted submission: who it became and the proof of how it arrived.
create table web_form_submission (
  workspace_id uuid not null,
  id uuid not null,
  form_id uuid not null,
  person_id uuid not null,
  lead_id uuid,
  activity_id uuid,
  visitor_id text,
  ip text,
  user_agent text,
  language text not null,
  "values" jsonb not null,
  submitted_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, form_id) references web_form (workspace_id, id) on delete cascade
);
create index web_form_submission_form on web_form_submission (workspace_id, form_id, submitted_at);
create index web_form_submission_person on web_form_submission (workspace_id, person_id);
