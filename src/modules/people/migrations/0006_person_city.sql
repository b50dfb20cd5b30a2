-- Lists are often filtered by city; with this index a rare city (or one combined with a custom
-- field) is a bitmap lookup rather than a scan.
create index person_city on person (workspace_id, city);
