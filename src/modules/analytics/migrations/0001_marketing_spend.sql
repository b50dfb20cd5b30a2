-- Marketing and sales spend, entered per month and acquisition channel: the cost side of CAC and ROI.
-- `channel` is matched against people's acquisition source (person.source).
create table marketing_spend (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  month date not null check (extract(day from month) = 1),
  channel text not null,
  amount numeric(18, 2) not null check (amount >= 0),
  currency char(3) not null,
  note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index marketing_spend_month_channel on marketing_spend (workspace_id, month, channel, currency);

-- A named snapshot of KPI values, to compare later periods against (before/after a campaign).
-- Private to the member or API key that saved it: the values were computed under their access.
create table kpi_baseline (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  created_by uuid not null,
  name text not null,
  period_from date not null,
  period_to date not null,
  filters jsonb not null default '{}',
  kpi_values jsonb not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index kpi_baseline_creator on kpi_baseline (workspace_id, created_by, created_at);
