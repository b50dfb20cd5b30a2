alter table deal add column search_vector tsvector generated always as (to_tsvector('russian', title)) stored;
create index deal_search on deal using gin (search_vector);
create index deal_title_trgm on deal using gin (title gin_trgm_ops);
