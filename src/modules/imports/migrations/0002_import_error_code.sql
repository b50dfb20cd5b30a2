-- A stable code per row error (NOT_A_DATE, REQUIRED, …), so the web can say why in the reader's
-- language; `message` keeps the English reason for the CSV report. Errors reported before codes
-- existed read as the generic INVALID_VALUE.
alter table import_error add column code text not null default 'INVALID_VALUE';
