-- Activities on a lead (the first call, a reply) before it is converted.
alter table activity add column lead_id uuid;
create index activity_lead on activity (workspace_id, lead_id);
