-- Customer value: each person's RFM scores, BG/NBD and Gamma-Gamma predictions and CLV, recomputed
-- nightly and on demand from the commerce module's orders, and the models each run fitted.

-- How a workspace wants its customers scored; one row, created with defaults on first use.
create table customer_value_settings (
  workspace_id uuid not null references workspace (id),
  rfm_window_days integer not null default 365 check (rfm_window_days between 7 and 3650),
  horizon_months integer not null default 12 check (horizon_months between 1 and 120),
  margin numeric(6, 4) not null default 1 check (margin > 0 and margin <= 1),
  annual_discount_rate numeric(6, 4) not null default 0.1 check (annual_discount_rate >= 0 and annual_discount_rate < 1),
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- One scoring run: what it was asked, what the models came out as, and how it went.
create table customer_value_run (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  status text not null check (status in ('running', 'completed', 'failed')),
  requested_by uuid,
  as_of date not null,
  currency char(3) not null,
  settings jsonb not null,
  customers integer,
  bgnbd jsonb,
  gammagamma jsonb,
  -- Expected purchases and revenue of today's customers in each month of the horizon.
  forecast jsonb,
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index customer_value_run_latest on customer_value_run (workspace_id, started_at desc);

-- The latest scores of every person with at least one order; segments filter on these columns.
create table customer_score (
  workspace_id uuid not null references workspace (id),
  person_id uuid not null,
  run_id uuid not null,
  first_order_on date not null,
  last_order_on date not null,
  recency_days integer not null,
  frequency integer not null,
  monetary numeric(18, 2) not null,
  r_score smallint not null check (r_score between 1 and 5),
  f_score smallint not null check (f_score between 1 and 5),
  m_score smallint not null check (m_score between 1 and 5),
  rfm_segment text not null,
  repeat_purchases integer not null,
  p_alive double precision,
  expected_purchases double precision,
  expected_avg_value numeric(18, 2),
  clv numeric(18, 2),
  churn_risk text check (churn_risk in ('low', 'medium', 'high')),
  primary key (workspace_id, person_id)
);
create index customer_score_segment on customer_score (workspace_id, rfm_segment);
create index customer_score_clv on customer_score (workspace_id, clv desc nulls last);
create index customer_score_churn on customer_score (workspace_id, churn_risk, clv desc nulls last);
