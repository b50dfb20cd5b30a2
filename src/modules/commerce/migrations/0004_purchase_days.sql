-- Each customer's purchase days in the workspace's time zone (orders on one day are one
-- transaction), kept with the totals on every order write: the sorted days and the running net
-- value at each. Customer scoring reads any window's purchases and value from them by binary search
-- (width_bucket) instead of aggregating every order. Rows written before this migration have nulls
-- until their next refresh; customer-value scoring rebuilds a workspace that still has such rows.
alter table customer_order_totals
  add column purchase_days date[],
  add column purchase_running_value numeric(18, 2)[];
