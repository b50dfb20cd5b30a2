-- Imports match a custom object's records on their name (its dedupe key), one index probe per
-- value of the file; the trigram index is for search and would be a poor equality lookup.
create index custom_record_name on custom_record (workspace_id, object_key, name);
