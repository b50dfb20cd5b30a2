-- See people's 0005: substring search over name, INN, OGRN, phone and email in one trigram index.
alter table company add column search_text text generated always as (
  lower(name || ' ' || coalesce(inn, '') || ' ' || coalesce(ogrn, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(email, ''))
) stored;
create index company_search_text on company using gin (search_text gin_trgm_ops);
