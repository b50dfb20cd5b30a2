-- The words of people's names for typo-tolerant search (see platform migration 0004).
create trigger person_search_words_insert after insert on person referencing new table as new_rows
  for each statement execute function rapport_collect_search_words('person', 'full_name');
create trigger person_search_words_update after update on person referencing new table as new_rows
  for each statement execute function rapport_collect_search_words('person', 'full_name');
insert into search_word (workspace_id, object_type, word)
select distinct p.workspace_id, 'person', w
from person p cross join lateral unnest(tsvector_to_array(to_tsvector('simple', coalesce(p.full_name, '')))) as w
where length(w) between 3 and 60
on conflict do nothing;
