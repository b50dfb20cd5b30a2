-- The id a product or price list has in the system it comes from (1C's Ид, a shop's code):
-- exchanges match on it, so a renamed or re-skued product stays the same record.
alter table product add column external_id text;
create unique index product_external on product (workspace_id, external_id) where external_id is not null;
alter table price_list add column external_id text;
create unique index price_list_external on price_list (workspace_id, external_id) where external_id is not null;
