-- An order created but not paid after two hours is announced once as order.unpaid_timeout
-- (a reminder trigger for marketing); this marks it as announced.
alter table sales_order add column unpaid_announced_at timestamptz;
create index sales_order_unpaid on sales_order (placed_at) where status = 'created' and unpaid_announced_at is null;
