-- The catalogue of products and services a workspace sells, with a base price.
create table product (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  owner_id uuid,
  name text not null,
  sku text,
  kind text not null default 'product',
  category text,
  unit text not null default 'шт',
  description text,
  price numeric(18, 2),
  currency char(3) not null default 'RUB',
  is_active boolean not null default true,
  custom jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index product_owner on product (workspace_id, owner_id, id);
create index product_sku on product (workspace_id, sku);
create index product_category on product (workspace_id, category);
create index product_custom on product using gin (workspace_id, custom jsonb_path_ops);
alter table product add column search_vector tsvector generated always as (to_tsvector('russian', name || ' ' || coalesce(category, ''))) stored;
create index product_search on product using gin (search_vector);
alter table product add column search_text text generated always as (lower(name || ' ' || coalesce(sku, ''))) stored;
create index product_search_text on product using gin (search_text gin_trgm_ops);

-- Price lists: one currency each; a product's price in a list overrides its base price.
create table price_list (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  currency char(3) not null,
  -- The list used for a currency when a deal names none.
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index price_list_default on price_list (workspace_id, currency) where is_default;

create table price_list_item (
  workspace_id uuid not null,
  price_list_id uuid not null,
  product_id uuid not null,
  price numeric(18, 2) not null check (price >= 0),
  primary key (workspace_id, price_list_id, product_id),
  foreign key (workspace_id, price_list_id) references price_list (workspace_id, id) on delete cascade,
  foreign key (workspace_id, product_id) references product (workspace_id, id) on delete cascade
);
