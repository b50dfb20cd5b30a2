-- Phones identify people for import dedupe and duplicate detection, as emails do.
create index person_phone on person (workspace_id, phone);
