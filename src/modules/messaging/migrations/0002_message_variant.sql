-- The experiment variant a message belongs to (A/B tests in campaigns and journeys), so
-- engagement figures can be split by variant.
alter table message add column variant text;
create index message_source on message (workspace_id, source, source_id) where source_id is not null;
