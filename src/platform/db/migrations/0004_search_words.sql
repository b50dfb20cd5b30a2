-- The distinct words of record titles, per workspace and record type, for typo-tolerant search.
-- A mistyped word is matched by trigrams against these words (thousands, even for a million
-- people), and the records are then found through their full-text index; matching the typo
-- against every row's trigrams instead costs a bitmap of every similar row. Words are never
-- removed: a stale word only leads the full-text search to nothing.
create table search_word (
  workspace_id uuid not null,
  object_type text not null,
  word text not null,
  primary key (workspace_id, object_type, word)
);
create index search_word_trgm on search_word using gin (workspace_id, object_type, word gin_trgm_ops);

-- For statement-level triggers with a transition table `new_rows`: collects the words of column
-- tg_argv[1] of the written rows as words of record type tg_argv[0].
create function rapport_collect_search_words() returns trigger language plpgsql as $$
begin
  execute format(
    'insert into search_word (workspace_id, object_type, word)
     select distinct n.workspace_id, %L, w
     from new_rows n cross join lateral unnest(tsvector_to_array(to_tsvector(''simple'', coalesce(n.%I, '''')))) as w
     where length(w) between 3 and 60
     on conflict do nothing', tg_argv[0], tg_argv[1]);
  return null;
end $$;
