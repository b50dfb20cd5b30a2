-- The consent ledger: every grant, withdrawal and pending double opt-in, never changed afterwards.
create table consent_entry (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  -- No foreign key to person: the ledger is evidence and outlives merges and deletions of the person.
  person_id uuid not null,
  channel text not null check (channel in ('email', 'sms', 'phone', 'messenger', 'push')),
  purpose text not null check (purpose in ('marketing', 'service', 'analytics', 'personal_data_processing')),
  status text not null check (status in ('granted', 'withdrawn', 'pending')),
  source text not null check (source in ('form', 'import', 'operator', 'api', 'email_link')),
  -- When the person gave or withdrew it (an import may bring older ones); recorded_at is when we learnt it.
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  text_version text,
  consent_text text,
  ip text,
  user_agent text,
  operator_id uuid,
  -- A grant made by following a confirmation link names the pending entry it confirms.
  confirms_entry_id uuid,
  primary key (workspace_id, id)
);
create index consent_entry_person on consent_entry (workspace_id, person_id, id desc);
-- mayContact(at): the latest entry per key at a moment.
create index consent_entry_key_time on consent_entry (workspace_id, person_id, channel, purpose, occurred_at desc, id desc);
-- A pending entry is confirmed once, however often its link is followed, even by racing requests.
create unique index consent_entry_confirms on consent_entry (workspace_id, confirms_entry_id) where confirms_entry_id is not null;

create function consent_entry_reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'consent_entry is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger consent_entry_append_only before update or delete on consent_entry
  for each row execute function consent_entry_reject_change();

-- The current state: the latest entry per person × channel × purpose, one row each, so a segment of
-- a million people is filtered by an index instead of ranking the whole ledger.
create table consent_state (
  workspace_id uuid not null references workspace (id),
  person_id uuid not null,
  channel text not null,
  purpose text not null,
  status text not null,
  entry_id uuid not null,
  occurred_at timestamptz not null,
  primary key (workspace_id, person_id, channel, purpose)
);
create index consent_state_by_status on consent_state (workspace_id, channel, purpose, status, person_id);

-- Kept by the ledger itself, in the inserting transaction, so no writer (API, import, link) can forget it.
create function consent_entry_apply() returns trigger language plpgsql as $$
begin
  -- Writers for one person take turns, so two first entries for a key can't both insert its row.
  perform pg_advisory_xact_lock(hashtextextended(new.workspace_id::text || new.person_id::text, 7263101));
  update consent_state set status = new.status, entry_id = new.id, occurred_at = new.occurred_at
  where workspace_id = new.workspace_id and person_id = new.person_id and channel = new.channel and purpose = new.purpose
    and (occurred_at, entry_id) < (new.occurred_at, new.id);
  if not found then
    insert into consent_state (workspace_id, person_id, channel, purpose, status, entry_id, occurred_at)
    select new.workspace_id, new.person_id, new.channel, new.purpose, new.status, new.id, new.occurred_at
    where not exists (
      select 1 from consent_state
      where workspace_id = new.workspace_id and person_id = new.person_id and channel = new.channel and purpose = new.purpose);
  end if;
  return null;
end $$;
create trigger consent_entry_apply after insert on consent_entry
  for each row execute function consent_entry_apply();

-- Signing keys for links in emails when RAPPORT_LINK_SECRET is not set: one random key per workspace.
create table consent_link_key (
  workspace_id uuid not null references workspace (id),
  secret text not null,
  primary key (workspace_id)
);

-- Confirmation mails sent, so a retried job does not send the same one twice.
create table consent_mail_sent (
  workspace_id uuid not null references workspace (id),
  entry_id uuid not null,
  message_id text not null,
  sent_at timestamptz not null default now(),
  primary key (workspace_id, entry_id)
);
