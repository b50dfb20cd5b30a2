alter table activity add column search_vector tsvector generated always as (
  to_tsvector('russian', subject || ' ' || coalesce(body, ''))
) stored;
create index activity_search on activity using gin (search_vector);
create index activity_subject_trgm on activity using gin (subject gin_trgm_ops);
