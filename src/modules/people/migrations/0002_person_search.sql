-- Full-text search over names ('russian' stems Cyrillic as Russian and Latin as English),
-- and trigrams on the full name for typo-tolerant matching. Generated columns keep them current.
alter table person add column search_vector tsvector generated always as (
  to_tsvector('russian', coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
) stored;
create index person_search on person using gin (search_vector);
create index person_full_name_trgm on person using gin (full_name gin_trgm_ops);
