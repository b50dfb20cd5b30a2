-- The co-owners of an entry's record (types that declare them, e.g. deals), kept current like
-- entity_owner_id: readers whose scope covers a co-owner see the entries as the owner would.
alter table timeline_entry add column entity_co_owner_ids uuid[] not null default '{}';
