-- Scores are partitioned by workspace. A scoring run builds the workspace's next partition aside,
-- without indexes, indexes it in bulk and swaps it in: at a million customers that is several times
-- faster than deleting and re-inserting rows through the indexes, and readers see the old scores
-- until the swap commits. Partitions are named customer_score_w_<workspace id without dashes>.
alter table customer_score rename to customer_score_unpartitioned;
alter index customer_score_pkey rename to customer_score_unpartitioned_pkey;
alter index customer_score_segment rename to customer_score_unpartitioned_segment;
alter index customer_score_clv rename to customer_score_unpartitioned_clv;
alter index customer_score_churn rename to customer_score_unpartitioned_churn;

-- The same columns and checks; the foreign key to workspace goes (partitions come and go with runs).
create table customer_score (like customer_score_unpartitioned including defaults including constraints)
  partition by list (workspace_id);
alter table customer_score add primary key (workspace_id, person_id);
-- Lists sort by CLV; filters on segment or churn risk read the CLV order and skip, and membership
-- checks use the primary key, so one more index is all a run has to build. Each partition holds one
-- workspace, so the index needs no workspace column in front.
create index customer_score_clv on customer_score (clv desc nulls last);

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
