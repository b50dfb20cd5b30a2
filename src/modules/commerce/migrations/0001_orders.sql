-- Orders: what customers bought, through which channel and store, how they paid and what they
-- still owe. `sales_order` because ORDER is a reserved word.
create table sales_order (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  -- The order's id in the system it came from (a shop, 1C, an import): upserts match on it.
  external_id text,
  number text not null,
  person_id uuid,
  company_id uuid,
  status text not null default 'created' check (status in ('created', 'paid', 'fulfilled', 'cancelled', 'returned')),
  currency char(3) not null default 'RUB',
  channel text,
  store text,
  payment_method text,
  placed_at timestamptz not null default now(),
  paid_at timestamptz,
  fulfilled_at timestamptz,
  cancelled_at timestamptz,
  -- Kept by the lines and returns services, never written through the record API.
  total numeric(18, 2) not null default 0,
  discount_total numeric(18, 2) not null default 0,
  returned_total numeric(18, 2) not null default 0,
  paid_amount numeric(18, 2) not null default 0 check (paid_amount >= 0),
  debt numeric(18, 2) generated always as (
    case when status = 'cancelled' then 0 else greatest(total - returned_total - paid_amount, 0) end
  ) stored,
  custom jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index sales_order_external on sales_order (workspace_id, external_id) where external_id is not null;
create index sales_order_owner on sales_order (workspace_id, owner_id, id);
create index sales_order_person on sales_order (workspace_id, person_id, placed_at);
create index sales_order_placed on sales_order (workspace_id, placed_at);
create index sales_order_status on sales_order (workspace_id, status);
create index sales_order_custom on sales_order using gin (workspace_id, custom jsonb_path_ops);
alter table sales_order add column search_text text generated always as (lower(number || ' ' || coalesce(external_id, ''))) stored;
create index sales_order_search_text on sales_order using gin (search_text gin_trgm_ops);

create table order_line (
  workspace_id uuid not null,
  order_id uuid not null,
  id uuid not null,
  position integer not null,
  product_id uuid,
  sku text,
  name text not null,
  -- Copied from the product when ordered, so "categories bought" survive catalogue changes.
  category text,
  quantity numeric(14, 3) not null check (quantity > 0),
  -- Four places: wholesale prices per piece go below a kopeck or a penny.
  unit_price numeric(18, 4) not null check (unit_price >= 0),
  discount numeric(18, 2) not null default 0 check (discount >= 0),
  amount numeric(18, 2) generated always as (round(quantity * unit_price - discount, 2)) stored,
  returned_quantity numeric(14, 3) not null default 0 check (returned_quantity >= 0 and returned_quantity <= quantity),
  primary key (workspace_id, id),
  foreign key (workspace_id, order_id) references sales_order (workspace_id, id) on delete cascade,
  check (discount <= quantity * unit_price)
);
create index order_line_order on order_line (workspace_id, order_id, position);
create index order_line_product on order_line (workspace_id, product_id);

-- Goods brought back. A return usually names its order; one that can't be traced to an order
-- (an imported credit note) still belongs to the customer and reduces their revenue.
create table order_return (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  external_id text,
  order_id uuid,
  person_id uuid,
  currency char(3) not null,
  returned_at timestamptz not null default now(),
  reason text,
  total numeric(18, 2) not null check (total >= 0),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, order_id) references sales_order (workspace_id, id) on delete cascade
);
create unique index order_return_external on order_return (workspace_id, external_id) where external_id is not null;
create index order_return_order on order_return (workspace_id, order_id);
create index order_return_person on order_return (workspace_id, person_id);

create table order_return_line (
  workspace_id uuid not null,
  return_id uuid not null,
  id uuid not null,
  order_line_id uuid,
  product_id uuid,
  sku text,
  name text not null,
  quantity numeric(14, 3) not null check (quantity > 0),
  amount numeric(18, 2) not null check (amount >= 0),
  primary key (workspace_id, id),
  foreign key (workspace_id, return_id) references order_return (workspace_id, id) on delete cascade
);
create index order_return_line_return on order_return_line (workspace_id, return_id);

-- A customer's purchase totals per currency, derived from orders and returns and refreshed in the
-- transaction that changes them (see refreshCustomerTotals).
create table customer_order_totals (
  workspace_id uuid not null,
  person_id uuid not null,
  currency char(3) not null,
  order_count integer not null,
  revenue numeric(18, 2) not null,
  returned numeric(18, 2) not null,
  first_order_at timestamptz,
  last_order_at timestamptz,
  categories text[] not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (workspace_id, person_id, currency)
);
