import { sql } from 'kysely';
import { z } from 'zod';
import { authorizeConfiguration, authorizeRecord, readableScope, type RecordScope } from '../../platform/auth/permissions.ts';
import { writeAudit, diffFields } from '../../platform/audit/audit.service.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { fitBgNbd } from './models/bg-nbd.ts';
import { holdoutReport, type HoldoutBucket } from './models/holdout.ts';
import { RFM_SEGMENTS, type RfmSegment } from './rfm.ts';
import { DEFAULT_SETTINGS, MIN_CUSTOMERS_FOR_MODELS, purchaseDaysCte, scoringDay, scoringSettings, type ScoringSettings } from './scoring.service.ts';
import './customer-value.tables.ts';

export const settingsSchema = z.strictObject({
  rfm_window_days: z.number().int().min(7).max(3650).describe('RFM looks back this many days for frequency and monetary'),
  horizon_months: z.number().int().min(1).max(120).describe('CLV and the revenue forecast look this many months ahead'),
  margin: z.number().gt(0).max(1).describe('Share of revenue that is gross margin; 1 makes CLV a revenue figure'),
  annual_discount_rate: z.number().min(0).lt(1).describe('Yearly rate future revenue is discounted at'),
});

/** The reader's customers: people they may read. Scores follow the person's owner. */
function personScope(ctx: ServiceContext): RecordScope {
  const scope = readableScope(ctx.principal, 'person');
  if (!scope) throw PlatformErrors.FORBIDDEN({ detail: 'Your role may not read people' });
  return scope;
}

export async function getSettings(ctx: ServiceContext): Promise<ScoringSettings> {
  personScope(ctx);
  return scoringSettings(ctx.db, ctx.principal.workspaceId);
}

export async function updateSettings(ctx: ServiceContext, input: ScoringSettings): Promise<ScoringSettings> {
  authorizeConfiguration(ctx.principal, 'person', 'customer scoring');
  return inTransaction(ctx, async (tx, txCtx) => {
    const before = await scoringSettings(tx, ctx.principal.workspaceId);
    await tx.insertInto('customer_value_settings').values({ workspace_id: ctx.principal.workspaceId, ...input, updated_at: new Date() })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...input, updated_at: new Date() })).execute();
    await writeAudit(tx, txCtx, {
      entityType: 'customer_value_settings', entityId: null, action: 'update',
      changes: diffFields(before as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>, Object.keys(DEFAULT_SETTINGS)),
    });
    return input;
  });
}

type ModelSummary = { params: Record<string, number>; ll: number; standard_errors: Record<string, number | null>; customers: number; is_converged: boolean };
type ChurnRisk = 'low' | 'medium' | 'high';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function latestRun(db: Db, workspaceId: string, status?: 'completed') {
  let query = db.selectFrom('customer_value_run').selectAll().where('workspace_id', '=', workspaceId);
  if (status) query = query.where('status', '=', status);
  const run = await query.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return run ?? null;
}

function runView(run: NonNullable<Awaited<ReturnType<typeof latestRun>>>) {
  return {
    id: run.id, status: run.status, as_of: String(run.as_of).slice(0, 10), currency: run.currency.trim(), customers: run.customers,
    settings: run.settings as ScoringSettings, bgnbd: run.bgnbd as ModelSummary | null, gammagamma: run.gammagamma as ModelSummary | null,
    forecast: (run.forecast ?? []) as { month: number; expected_purchases: number; expected_revenue: number }[],
    error: run.error, started_at: iso(run.started_at)!, finished_at: iso(run.finished_at),
  };
}
export type RunView = ReturnType<typeof runView>;

export async function listRuns(ctx: ServiceContext, limit: number): Promise<RunView[]> {
  personScope(ctx);
  const runs = await ctx.db.selectFrom('customer_value_run').selectAll().where('workspace_id', '=', ctx.principal.workspaceId)
    .orderBy('started_at', 'desc').limit(limit).execute();
  return runs.map(runView);
}

/**
 * The overview of the analytics page: the latest completed run with its models and forecast, and
 * the reader's customers by RFM segment and churn risk (only people they may read are counted).
 */
export async function customerValueSummary(ctx: ServiceContext) {
  const scope = personScope(ctx);
  const workspaceId = ctx.principal.workspaceId;
  const [completed, latest] = await Promise.all([latestRun(ctx.db, workspaceId, 'completed'), latestRun(ctx.db, workspaceId)]);
  const inScope = ownersCondition(scope, 'p.owner_id');
  const segments = (await sql<{ segment: string; customers: number; monetary: string; clv: string | null; avg_recency: number; avg_frequency: number }>`
    select c.rfm_segment as segment, count(*)::int as customers, sum(c.monetary)::text as monetary, sum(c.clv)::text as clv,
      avg(c.recency_days)::float8 as avg_recency, avg(c.frequency)::float8 as avg_frequency
    from customer_score c join person p on p.workspace_id = c.workspace_id and p.id = c.person_id
    where c.workspace_id = ${workspaceId} and ${inScope}
    group by 1`.execute(ctx.db)).rows;
  const churn = (await sql<{ risk: string | null; customers: number; clv: string | null }>`
    select c.churn_risk as risk, count(*)::int as customers, sum(c.clv)::text as clv
    from customer_score c join person p on p.workspace_id = c.workspace_id and p.id = c.person_id
    where c.workspace_id = ${workspaceId} and ${inScope}
    group by 1`.execute(ctx.db)).rows;
  const bySegment = new Map(segments.map((s) => [s.segment, s]));
  return {
    run: completed ? runView(completed) : null,
    latest_run: latest ? runView(latest) : null,
    segments: RFM_SEGMENTS.map((segment) => {
      const row = bySegment.get(segment);
      return {
        segment, customers: row?.customers ?? 0, monetary: row ? Number(row.monetary) : 0, clv: row?.clv ? Number(row.clv) : null,
        avg_recency_days: row?.avg_recency ?? null, avg_frequency: row?.avg_frequency ?? null,
      };
    }),
    churn: (['high', 'medium', 'low', null] as const).map((risk) => {
      const row = churn.find((c) => c.risk === risk);
      return { risk, customers: row?.customers ?? 0, clv: row?.clv ? Number(row.clv) : null };
    }),
  };
}

const SCORE_SORTS = { clv: 'c.clv', churn: 'c.p_alive', recency: 'c.recency_days', monetary: 'c.monetary' } as const;
export const scoredPeopleQuerySchema = z.strictObject({
  segment: z.enum(RFM_SEGMENTS).optional(),
  churn_risk: z.enum(['low', 'medium', 'high']).optional(),
  sort: z.enum(['clv', 'churn', 'recency', 'monetary']).default('clv').describe('clv and monetary: highest first; churn: least likely alive first; recency: longest silent first'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** Scored customers the reader may see, filtered by segment or churn risk: "who is about to leave", "who is worth most". */
export async function listScoredPeople(ctx: ServiceContext, query: z.infer<typeof scoredPeopleQuerySchema>) {
  const scope = personScope(ctx);
  const direction = query.sort === 'churn' ? sql`asc nulls last` : sql`desc nulls last`;
  const rows = await sql<{ person_id: string; full_name: string; owner_id: string | null; clv: string | null; p_alive: number | null; churn_risk: ChurnRisk | null; rfm_segment: RfmSegment; recency_days: number; frequency: number; monetary: string; expected_purchases: number | null }>`
    select c.person_id, p.full_name, p.owner_id,
      c.clv::text, c.p_alive, c.churn_risk, c.rfm_segment, c.recency_days, c.frequency, c.monetary::text, c.expected_purchases
    from customer_score c join person p on p.workspace_id = c.workspace_id and p.id = c.person_id
    where c.workspace_id = ${ctx.principal.workspaceId} and ${ownersCondition(scope, 'p.owner_id')}
      ${query.segment ? sql`and c.rfm_segment = ${query.segment}` : sql``}
      ${query.churn_risk ? sql`and c.churn_risk = ${query.churn_risk}` : sql``}
    order by ${sql.raw(SCORE_SORTS[query.sort])} ${direction}, c.person_id
    limit ${query.limit + 1} offset ${query.offset}`.execute(ctx.db);
  const page = rows.rows.slice(0, query.limit);
  return {
    data: page.map((r) => ({ ...r, clv: r.clv === null ? null : Number(r.clv), monetary: Number(r.monetary) })),
    has_more: rows.rows.length > query.limit,
  };
}

/** One person's scores with what a salesperson needs to read them, or null before their first order is scored. */
export async function personCustomerValue(ctx: ServiceContext, personId: string) {
  const person = (await sql<{ owner_id: string | null }>`
    select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  const score = await ctx.db.selectFrom('customer_score').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).where('person_id', '=', personId).executeTakeFirst();
  const run = score ? await ctx.db.selectFrom('customer_value_run').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', score.run_id).executeTakeFirst() : undefined;
  if (!score || !run) return { score: null, run: null };
  return {
    score: {
      first_order_on: String(score.first_order_on).slice(0, 10), last_order_on: String(score.last_order_on).slice(0, 10),
      recency_days: score.recency_days, frequency: score.frequency, monetary: Number(score.monetary),
      r_score: score.r_score, f_score: score.f_score, m_score: score.m_score, rfm_segment: score.rfm_segment,
      repeat_purchases: score.repeat_purchases, p_alive: score.p_alive, expected_purchases: score.expected_purchases,
      expected_avg_value: score.expected_avg_value === null ? null : Number(score.expected_avg_value),
      clv: score.clv === null ? null : Number(score.clv), churn_risk: score.churn_risk,
    },
    run: runView(run),
  };
}

export const holdoutQuerySchema = z.strictObject({
  weeks: z.coerce.number().int().min(4).max(104).default(26).describe('Length of the holdout: the model is fitted on what came before it'),
});

/**
 * The model checked against what customers then did: fitted on orders up to `weeks` ago, its
 * predictions for the holdout weeks against the purchases made, by calibration frequency (the
 * paper's Figure 4). Computed on demand from grouped histories; customers first seen in the
 * holdout are left out, as in the paper.
 */
export async function holdoutValidation(ctx: ServiceContext, weeks: number) {
  personScope(ctx);
  const workspaceId = ctx.principal.workspaceId;
  const workspace = await ctx.db.selectFrom('workspace').select(['time_zone', 'currency']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const asOf = await scoringDay(ctx.db, workspaceId, workspace.time_zone);
  const rows = (await sql<{ x: number; tx: number; t: number; n: number; holdout: number }>`
    with ${purchaseDaysCte(workspaceId, workspace, asOf)}, per_person as (
      select person_id, min(day) as first_day,
        max(day) filter (where day <= ${asOf}::date - ${weeks * 7}::int) as last_day,
        count(*) filter (where day <= ${asOf}::date - ${weeks * 7}::int)::int as days,
        count(*) filter (where day > ${asOf}::date - ${weeks * 7}::int)::int as holdout
      from daily group by person_id
    )
    select days - 1 as x, last_day - first_day as tx, (${asOf}::date - ${weeks * 7}::int) - first_day as t, count(*)::int as n, sum(holdout)::int as holdout
    from per_person where days > 0 group by 1, 2, 3`.execute(ctx.db)).rows;
  const histories = rows.map((r) => ({ x: r.x, tx: r.tx / 7, T: r.t / 7, count: r.n, holdoutPurchases: r.holdout }));
  const customers = histories.reduce((sum, h) => sum + h.count, 0);
  if (customers < MIN_CUSTOMERS_FOR_MODELS || !histories.some((h) => h.x > 0)) {
    return { weeks, calibration_end: null, customers, params: null, buckets: [] as HoldoutBucket[] };
  }
  const fit = fitBgNbd(histories);
  const calibrationEnd = new Date(Date.parse(asOf) - weeks * 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    weeks, calibration_end: calibrationEnd, customers, params: { ...fit.params } as Record<string, number> | null,
    buckets: holdoutReport(fit.params, histories, weeks),
  };
}

