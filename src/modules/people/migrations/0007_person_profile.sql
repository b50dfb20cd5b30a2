-- The rest of a person's profile: further emails and phones, messenger and social handles,
-- gender, address, time zone, language and tags.
-- A text list joined for a generated column; array_to_string is only stable in general, but for
-- text[] its result depends on nothing but the input.
create or replace function rapport_text_list(items text[]) returns text
  language sql immutable parallel safe as $$ select coalesce(array_to_string(items, ' '), '') $$;

alter table person
  add column other_emails text[] not null default '{}',
  add column other_phones text[] not null default '{}',
  add column telegram text,
  add column whatsapp text,
  add column viber text,
  add column vk text,
  add column gender text,
  add column address text,
  add column time_zone text,
  add column language text,
  add column tags text[] not null default '{}';
create index person_tags on person using gin (workspace_id, tags);

-- Substring search now also finds further emails and phones.
drop index person_search_text;
alter table person drop column search_text;
alter table person add column search_text text generated always as (
  lower(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')
    || ' ' || rapport_text_list(other_emails) || ' ' || rapport_text_list(other_phones))
) stored;
create index person_search_text on person using gin (search_text gin_trgm_ops);

-- A person works with several companies, each in a role; person.company_id stays the main one.
create table person_affiliation (
  workspace_id uuid not null,
  id uuid not null,
  person_id uuid not null,
  company_id uuid not null,
  role text,
  primary key (workspace_id, id),
  foreign key (workspace_id, person_id) references person (workspace_id, id) on delete cascade
);
create index person_affiliation_person on person_affiliation (workspace_id, person_id);
create index person_affiliation_company on person_affiliation (workspace_id, company_id);
