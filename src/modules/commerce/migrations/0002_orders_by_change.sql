-- Exchanges (1C) read the orders changed since their last run, oldest change first.
create index sales_order_updated on sales_order (workspace_id, updated_at, id);
