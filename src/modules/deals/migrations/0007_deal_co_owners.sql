-- A deal's co-owners work on it as its owner does: record scope (own, team) covers a deal whose
-- owner or any co-owner is in it. An array in the deal's row rather than a link table, so the
-- record framework audits, emits, filters, exports and guards it by field rules like any field.
-- Scope asks `co_owner_ids && array[…]` and filters ask `@>`; the GIN index, led by workspace_id
-- (btree_gin) like the other per-tenant GIN indexes, answers both.
alter table deal add column co_owner_ids uuid[] not null default '{}';
create index deal_co_owners on deal using gin (workspace_id, co_owner_ids);
