-- Erasure (docs/privacy.md) may clear an entry's IP address and browser, and nothing else, in the
-- transaction that erases the person (platform migration 0005 sets the flag). The entry itself,
-- with its channel, purpose, status, source, times and text version, stays as proof.
create or replace function consent_entry_reject_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and rapport_is_erasing() and new.ip is null and new.user_agent is null
    and (new.workspace_id, new.id, new.person_id, new.channel, new.purpose, new.status, new.source, new.occurred_at, new.recorded_at,
         new.text_version, new.consent_text, new.operator_id, new.confirms_entry_id)
      is not distinct from
        (old.workspace_id, old.id, old.person_id, old.channel, old.purpose, old.status, old.source, old.occurred_at, old.recorded_at,
         old.text_version, old.consent_text, old.operator_id, old.confirms_entry_id)
  then
    return new;
  end if;
  raise exception 'consent_entry is append-only' using errcode = 'insufficient_privilege';
end $$;
