-- Trigram matching for typo-tolerant search (pg_trgm is a trusted extension since PostgreSQL 13).
create extension if not exists pg_trgm;
