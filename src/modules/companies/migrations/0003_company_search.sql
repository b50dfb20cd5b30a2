alter table company add column search_vector tsvector generated always as (to_tsvector('russian', name)) stored;
create index company_search on company using gin (search_vector);
create index company_name_trgm on company using gin (name gin_trgm_ops);
