-- One lower-cased text of every substring-searchable field, with a trigram index, so a search
-- for part of a name, an email or a phone is one index lookup instead of a scan per field.
alter table person add column search_text text generated always as (
  lower(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
) stored;
create index person_search_text on person using gin (search_text gin_trgm_ops);
