import { sql } from 'kysely';
import { authorize } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { LocalisedText } from '../../platform/records/record-type.ts';
import { inPeriod, narrowScope, resolvePeriod, workspaceTimeZone, type AnalyticsFilters } from './analytics-filters.ts';
import { dealProgress, dealReportCondition, reachedStage } from './sales-analytics.sql.ts';

type Outcome = 'open' | 'won' | 'lost';

interface StageRow {
  pipeline_id: string;
  pipeline_name: string;
  key: string;
  label: LocalisedText;
  position: number;
  outcome: Outcome;
  reached: number;
  lost_here: number;
  in_stage_now: number;
  median_days: number | null;
  p90_days: number | null;
}

interface LossRow {
  pipeline_id: string;
  position: number;
  dimension: 'owner' | 'source' | 'month';
  owner_id: string | null;
  owner_name: string | null;
  source: string | null;
  month: string | null;
  lost: number;
}

interface CycleRow {
  pipeline_id: string;
  won_deals: number;
  median_days: number | null;
  p90_days: number | null;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * The sales funnel of each pipeline, for the deals created in the period (the cohort): how many
 * reached each stage and what share went on to the next, how long deals stayed in each stage
 * (median and 90th percentile of finished stays, in days), won and lost counts, the stage that
 * lost the most deals with those losses by owner, source and month, and the sales cycle (days
 * from creation to close of the deals won in the period).
 */
export async function getSalesFunnel(ctx: ServiceContext, filters: AnalyticsFilters) {
  const workspaceId = ctx.principal.workspaceId;
  const scope = await narrowScope(ctx.db, workspaceId, authorize(ctx.principal, 'deal', 'read'), filters);
  const timeZone = await workspaceTimeZone(ctx.db, workspaceId);
  const { current: period } = resolvePeriod(filters);
  const deals = dealReportCondition({ workspaceId, scope, pipelineId: filters.pipeline_id, source: filters.source });
  const cohort = dealProgress(sql`${deals} and ${inPeriod('d.created_at', period, timeZone)}`);

  const cycles = (await sql<CycleRow>`
    select d.pipeline_id, count(*)::int as won_deals,
      round(percentile_cont(0.5) within group (order by extract(epoch from d.closed_at - d.created_at) / 86400)::numeric, 1)::float8 as median_days,
      round(percentile_cont(0.9) within group (order by extract(epoch from d.closed_at - d.created_at) / 86400)::numeric, 1)::float8 as p90_days
    from deal d
    join pipeline_stage s on s.workspace_id = d.workspace_id and s.pipeline_id = d.pipeline_id and s.key = d.stage
    where ${deals} and s.outcome = 'won' and d.closed_at is not null and ${inPeriod('d.closed_at', period, timeZone)}
    group by d.pipeline_id`.execute(ctx.db)).rows;
  const cyclePipelineIds = cycles.map((c) => c.pipeline_id);

  // Time in a stage: from entering it to the deal's next move; stays not yet finished are left out.
  const stages = (await sql<StageRow>`
    with g as (${cohort}),
    moves as (
      select h.pipeline_id, h.to_stage,
        extract(epoch from lead(h.changed_at) over (partition by h.deal_id order by h.changed_at, h.id) - h.changed_at) / 86400 as days
      from deal_stage_history h join g on g.id = h.deal_id
      where h.workspace_id = ${workspaceId}
    ),
    timing as (
      select pipeline_id, to_stage,
        percentile_cont(0.5) within group (order by days) as median_days,
        percentile_cont(0.9) within group (order by days) as p90_days
      from moves where days is not null group by pipeline_id, to_stage
    )
    select s.pipeline_id, p.name as pipeline_name, s.key, s.label, s.position, s.outcome,
      count(g.id) filter (where ${reachedStage})::int as reached,
      count(g.id) filter (where s.outcome = 'open' and g.outcome = 'lost' and g.furthest = s.position)::int as lost_here,
      count(g.id) filter (where s.outcome = 'open' and g.stage = s.key)::int as in_stage_now,
      round(t.median_days::numeric, 1)::float8 as median_days, round(t.p90_days::numeric, 1)::float8 as p90_days
    from pipeline_stage s
    join pipeline p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id
    left join g on g.pipeline_id = s.pipeline_id
    left join timing t on t.pipeline_id = s.pipeline_id and t.to_stage = s.key
    where s.workspace_id = ${workspaceId}
      and (s.pipeline_id in (select pipeline_id from g) ${cyclePipelineIds.length > 0 ? sql`or s.pipeline_id in (${sql.join(cyclePipelineIds)})` : sql``})
    group by s.pipeline_id, p.name, p.position, s.key, s.label, s.position, s.outcome, t.median_days, t.p90_days
    order by p.position, p.name, s.pipeline_id, s.position`.execute(ctx.db)).rows;

  const losses = (await sql<LossRow>`
    with g as (${cohort}),
    lost as (
      select g.pipeline_id, g.furthest, g.owner_id, p.source, to_char(g.closed_at at time zone ${timeZone}, 'YYYY-MM') as month
      from g left join person p on p.workspace_id = ${workspaceId} and p.id = g.person_id
      where g.outcome = 'lost'
    ),
    grouped as (
      select pipeline_id, furthest as position,
        case when grouping(owner_id) = 0 then 'owner' when grouping(source) = 0 then 'source' else 'month' end as dimension,
        owner_id, source, month, count(*)::int as lost
      from lost
      group by grouping sets ((pipeline_id, furthest, owner_id), (pipeline_id, furthest, source), (pipeline_id, furthest, month))
    )
    select grouped.*, u.name as owner_name from grouped left join app_user u on u.id = grouped.owner_id
    order by lost desc, month, owner_name, source`.execute(ctx.db)).rows;

  const pipelineIds = [...new Set(stages.map((s) => s.pipeline_id))];
  return {
    period,
    pipelines: pipelineIds.map((pipelineId) => {
      const rows = stages.filter((s) => s.pipeline_id === pipelineId);
      const open = rows.filter((s) => s.outcome === 'open');
      const won = rows.filter((s) => s.outcome === 'won').reduce((n, s) => n + s.reached, 0);
      const lost = rows.filter((s) => s.outcome === 'lost').reduce((n, s) => n + s.reached, 0);
      // The funnel's steps are the open stages in order, then winning.
      const nextReached = (index: number) => (index + 1 < open.length ? open[index + 1]!.reached : won);
      const bottleneckIndex = open.reduce((best, s, i) => (s.lost_here > (best < 0 ? 0 : open[best]!.lost_here) ? i : best), -1);
      const bottleneck = bottleneckIndex >= 0 ? open[bottleneckIndex]! : null;
      const bottleneckLosses = (dimension: LossRow['dimension']) =>
        losses.filter((l) => l.pipeline_id === pipelineId && l.position === bottleneck!.position && l.dimension === dimension);
      const cycle = cycles.find((c) => c.pipeline_id === pipelineId);
      return {
        id: pipelineId,
        name: rows[0]!.pipeline_name,
        deals: open[0]?.reached ?? 0,
        won,
        lost,
        win_rate: share(won, won + lost),
        stages: rows.map((s) => {
          const openIndex = open.indexOf(s);
          return {
            key: s.key,
            label: s.label,
            outcome: s.outcome,
            reached: s.reached,
            conversion_to_next: openIndex >= 0 ? share(nextReached(openIndex), s.reached) : null,
            lost_here: s.lost_here,
            in_stage_now: s.in_stage_now,
            median_days: s.median_days,
            p90_days: s.p90_days,
          };
        }),
        bottleneck: bottleneck && {
          stage: bottleneck.key,
          label: bottleneck.label,
          lost: bottleneck.lost_here,
          share_of_losses: share(bottleneck.lost_here, lost),
          by_owner: bottleneckLosses('owner').map((l) => ({ owner_id: l.owner_id, owner_name: l.owner_name, lost: l.lost })),
          by_source: bottleneckLosses('source').map((l) => ({ source: l.source, lost: l.lost })),
          by_month: bottleneckLosses('month').map((l) => ({ month: l.month, lost: l.lost })).sort((a, b) => (a.month ?? '').localeCompare(b.month ?? '')),
        },
        sales_cycle: { won_deals: cycle?.won_deals ?? 0, median_days: cycle?.median_days ?? null, p90_days: cycle?.p90_days ?? null },
      };
    }),
  };
}
