alter table company add column kpp text;
alter table company add column ogrn text;
