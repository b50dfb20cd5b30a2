-- See people's 0005: substring search over names, company, email and phone in one trigram index.
alter table lead add column search_text text generated always as (
  lower(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(company_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
) stored;
create index lead_search_text on lead using gin (search_text gin_trgm_ops);
