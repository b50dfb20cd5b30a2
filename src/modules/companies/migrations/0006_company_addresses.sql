-- A company's registered (legal) address and the one where it actually works.
alter table company add column legal_address text, add column actual_address text;
