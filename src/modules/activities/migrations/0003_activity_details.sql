-- Calls: direction, duration, recording and result. Meetings: time, place, agenda and minutes.
alter table activity add column direction text;
alter table activity add column duration_seconds int;
alter table activity add column recording_url text;
alter table activity add column result text;
alter table activity add column starts_at timestamptz;
alter table activity add column ends_at timestamptz;
alter table activity add column place text;
alter table activity add column agenda text;
alter table activity add column minutes text;
