-- What a deal sells: lines of catalogue products (or free-text items) in the deal's currency.
-- The deal's amount is the sum of its lines whenever it has any.
create table deal_line (
  workspace_id uuid not null,
  deal_id uuid not null,
  id uuid not null,
  position int not null,
  product_id uuid,
  name text not null,
  quantity numeric(14, 3) not null check (quantity > 0),
  unit text,
  unit_price numeric(18, 2) not null check (unit_price >= 0),
  discount_percent numeric(5, 2) not null default 0 check (discount_percent between 0 and 100),
  amount numeric(18, 2) generated always as (round(quantity * unit_price * (1 - discount_percent / 100), 2)) stored,
  primary key (workspace_id, id),
  foreign key (workspace_id, deal_id) references deal (workspace_id, id) on delete cascade
);
create index deal_line_deal on deal_line (workspace_id, deal_id, position);
create index deal_line_product on deal_line (workspace_id, product_id);

-- People on a deal besides its main contact (deal.person_id), each with a role. Not unique per
-- (deal, person): merging two people may leave one twice, and readers collapse the repeats.
create table deal_contact (
  workspace_id uuid not null,
  deal_id uuid not null,
  id uuid not null,
  person_id uuid not null,
  role text,
  primary key (workspace_id, id),
  foreign key (workspace_id, deal_id) references deal (workspace_id, id) on delete cascade
);
create index deal_contact_deal on deal_contact (workspace_id, deal_id);
create index deal_contact_person on deal_contact (workspace_id, person_id);
