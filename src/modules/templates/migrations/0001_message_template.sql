-- Message templates: Liquid for the subject and body; an email body is MJML with Liquid inside.
-- A template is checked (parsed, rendered against a sample, MJML-validated) before it is stored,
-- so what is here always renders.
create table message_template (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  channel text not null check (channel in ('email', 'sms', 'telegram')),
  purpose text not null check (purpose in ('marketing', 'service', 'transactional')),
  locale text not null check (locale in ('ru', 'en')),
  subject text check ((channel = 'email') = (subject is not null)),
  body text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index message_template_name on message_template (workspace_id, lower(name));
