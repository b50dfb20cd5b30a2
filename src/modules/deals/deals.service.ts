import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { ownersCondition, recordScopeCondition } from '../../platform/records/record-scope.ts';
import { loadPipeline } from './pipelines.service.ts';
import { dealRecordType } from './deals.records.ts';
import './deals.tables.ts';

const BOARD_CARDS_PER_STAGE = 50;

// Stage settings join in the database, so probabilities and rotting limits apply in SQL.
const stageJoin = sql`join pipeline_stage s on s.workspace_id = d.workspace_id and s.pipeline_id = d.pipeline_id and s.key = d.stage`;

/**
 * One pipeline's deals by stage, in stage order: the reader's deals only, amounts only if the
 * reader may see them. Without a pipeline id, the workspace's default pipeline.
 */
export async function getDealBoard(ctx: ServiceContext, options: { ownerId?: string; pipelineId?: string }) {
  const scope = authorize(ctx.principal, 'deal', 'read');
  const hidden = hiddenColumns(ctx.principal, dealRecordType);
  const isAmountVisible = !hidden.has('amount');
  const pipeline = await loadPipeline(ctx.db, ctx.principal.workspaceId, options.pipelineId);
  const where = sql<boolean>`d.workspace_id = ${ctx.principal.workspaceId} and d.pipeline_id = ${pipeline.id} and ${recordScopeCondition(dealRecordType, scope)}
    ${options.ownerId ? sql`and d.owner_id = ${options.ownerId}` : sql``}`;

  const totals = await sql<{ stage: string; currency: string; count: number; amount: string }>`
    select d.stage, d.currency, count(*)::int as count, coalesce(sum(d.amount), 0)::text as amount
    from deal d where ${where} group by d.stage, d.currency`.execute(ctx.db);
  const cards = await sql<{
    id: string; title: string; amount: string | null; currency: string; owner_id: string | null; company_id: string | null;
    person_id: string | null; expected_close_date: string | null; stage: string; stage_changed_at: Date; is_rotting: boolean;
  }>`
    select * from (
      select d.id, d.title, d.amount::text as amount, d.currency, d.owner_id, d.company_id, d.person_id, d.expected_close_date,
        d.stage, d.stage_changed_at,
        (s.outcome = 'open' and s.rotting_days is not null and d.stage_changed_at < now() - make_interval(days => s.rotting_days)) as is_rotting,
        row_number() over (partition by d.stage order by d.id desc) as position
      from deal d ${stageJoin}
      where ${where}
    ) ranked where position <= ${BOARD_CARDS_PER_STAGE}
    order by stage, id desc`.execute(ctx.db);

  return {
    pipeline: { id: pipeline.id, name: pipeline.name, won_reasons: pipeline.won_reasons, lost_reasons: pipeline.lost_reasons },
    stages: pipeline.stages.map((stage) => {
      const key = stage.key;
      const stageTotals = totals.rows.filter((t) => t.stage === key);
      return {
        key,
        label: stage.label,
        probability: stage.probability,
        outcome: stage.outcome,
        rotting_days: stage.rotting_days,
        count: stageTotals.reduce((n, t) => n + t.count, 0),
        totals: isAmountVisible ? stageTotals.map((t) => ({ currency: t.currency, amount: t.amount })) : [],
        deals: cards.rows.filter((c) => c.stage === key).map(({ stage: _stage, amount, stage_changed_at, ...card }) => ({
          ...card,
          ...(isAmountVisible ? { amount } : {}),
          stage_changed_at: stage_changed_at.toISOString(),
        })),
      };
    }),
  };
}

/**
 * Weighted pipeline by expected close month: each open deal counts its amount times its stage's
 * win probability. Currencies are kept apart; there is no conversion. `ownerIds` narrows the
 * reader's scope further (reports by owner or team): deals owned or co-owned by these users.
 */
export async function getDealForecast(ctx: ServiceContext, options: { pipelineId?: string; ownerIds?: string[] } = {}) {
  const scope = authorize(ctx.principal, 'deal', 'read');
  if (hiddenColumns(ctx.principal, dealRecordType).has('amount')) return { months: [] };
  const rows = await sql<{ month: string; currency: string; count: number; amount: string; weighted: string }>`
    select to_char(d.expected_close_date, 'YYYY-MM') as month, d.currency, count(*)::int as count,
      coalesce(sum(d.amount), 0)::text as amount,
      round(coalesce(sum(d.amount * s.probability / 100), 0), 2)::text as weighted
    from deal d ${stageJoin}
    where d.workspace_id = ${ctx.principal.workspaceId} and ${recordScopeCondition(dealRecordType, scope)}
      ${options.pipelineId ? sql`and d.pipeline_id = ${options.pipelineId}` : sql``}
      ${options.ownerIds ? sql`and ${ownersCondition({ kind: 'owners', ownerIds: options.ownerIds }, 'd.owner_id', 'd.co_owner_ids')}` : sql``}
      and s.outcome = 'open' and d.expected_close_date is not null
    group by 1, 2 order by 1, 2`.execute(ctx.db);
  return { months: rows.rows };
}

/** The acting user's open deals (owned or co-owned) that have stayed in their stage longer than the stage allows. */
export async function findMyRottingDeals(ctx: ServiceContext, limit = 100) {
  const scope = authorize(ctx.principal, 'deal', 'read');
  const userId = ctx.principal.userId;
  if (!userId || (scope.kind === 'owners' && !scope.ownerIds.includes(userId))) return [];
  const rows = await sql<{ id: string; title: string; pipeline_id: string; stage: string; stage_changed_at: Date; days_in_stage: number }>`
    select d.id, d.title, d.pipeline_id, d.stage, d.stage_changed_at, extract(day from now() - d.stage_changed_at)::int as days_in_stage
    from deal d ${stageJoin}
    where d.workspace_id = ${ctx.principal.workspaceId} and (d.owner_id = ${userId} or d.co_owner_ids @> array[${userId}]::uuid[])
      and s.outcome = 'open'
      and s.rotting_days is not null and d.stage_changed_at < now() - make_interval(days => s.rotting_days)
    order by d.stage_changed_at limit ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => ({ ...r, stage_changed_at: r.stage_changed_at.toISOString() }));
}

