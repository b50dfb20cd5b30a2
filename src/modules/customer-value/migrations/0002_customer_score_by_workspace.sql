-- Scores are partitioned by workspace. A scoring run builds the workspace's next partition aside,
-- without indexes, indexes it in bulk and swaps it in: at a million customers that is several times
-- faster than deleting and re-inserting rows through the indexes, and readers see the old scores
-- until the swap commits. Partitions are named customer_score_w_<workspace id without dashes>.
alter table customer_score rename to customer_score_unpartitioned;
alter index customer_score_pkey rename to customer_score_unpartitioned_pkey;
alter index customer_score_segment rename to customer_score_unpartitioned_segment;
alter index customer_score_clv rename to customer_score_unpartitioned_clv;
alter index customer_score_churn rename to customer_score_unpartitioned_churn;

create table customer_score (
  workspace_id uuid not null,
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
) partition by list (workspace_id);
-- Lists sort by CLV; filters on segment or churn risk read the CLV order and skip, and membership
-- checks use the primary key, so one more index is all a run has to build.
create index customer_score_clv on customer_score (workspace_id, clv desc nulls last);

do $$
declare
  ws uuid;
begin
  for ws in select distinct workspace_id from customer_score_unpartitioned loop
    execute format('create table %I partition of customer_score for values in (%L)', 'customer_score_w_' || replace(ws::text, '-', ''), ws);
  end loop;
end $$;
insert into customer_score select * from customer_score_unpartitioned;
drop table customer_score_unpartitioned;
