-- One trigram index per person instead of two. Every trigram index costs an import about a fifth
-- of its time, and the substring text already holds the name's words: with the middle name added
-- it answers typo search and narrows similar-name duplicates too (docs/custom-fields.md, search).
drop index person_full_name_trgm;
drop index person_search_text;
alter table person drop column search_text;
alter table person add column search_text text generated always as (
  lower(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, '') || ' ' || coalesce(email, '')
    || ' ' || coalesce(phone, '') || ' ' || rapport_text_list(other_emails) || ' ' || rapport_text_list(other_phones))
) stored;
create index person_search_text on person using gin (search_text gin_trgm_ops);
