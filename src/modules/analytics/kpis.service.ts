import { sql } from 'kysely';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { analyticsFiltersSchema, inPeriod, resolvePeriod, type Period } from './analytics-filters.ts';
import { customersCte, leadsCondition, loadCustomerBase, periodEnd, purchasesCte, spendQuery, type CustomerBase } from './customer-base.ts';

export const KpiErrors = defineErrors({
  KPI_BASELINE_NOT_FOUND: { status: 404, title: 'There is no such KPI baseline' },
});

export const kpisQuerySchema = analyticsFiltersSchema.omit({ pipeline_id: true }).extend({
  baseline_id: z.uuid().optional().describe('Also compare with this saved baseline'),
});
export type KpisQuery = z.infer<typeof kpisQuerySchema>;

export const saveBaselineSchema = analyticsFiltersSchema.omit({ pipeline_id: true }).extend({
  name: z.string().trim().min(1).max(200).describe('What the baseline marks, e.g. “Before the spring campaign”'),
});

export const KPI_UNITS = ['percent', 'money', 'minutes'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];
export const KPI_REASONS = ['no_survey_answers', 'no_data', 'money_hidden', 'no_spend', 'spend_not_attributed', 'no_lead_access', 'no_churn'] as const;
export type KpiReason = (typeof KPI_REASONS)[number];

/** The raw counts and sums of one period the KPIs are derived from. */
interface PeriodFigures {
  revenue: number;
  orders: number;
  buyers: number;
  new_customers: number;
  new_customer_revenue: number;
  repeat_buyers: number;
  second_purchases: number;
  previous_buyers: number;
  retained: number;
  leads: number | null;
  converted_leads: number | null;
  lost_leads: number | null;
  median_response_minutes: number | null;
  people_new: number;
  people_before: number;
  spend: number | null;
}

interface KpiDef {
  key: string;
  unit: KpiUnit;
  isHigherBetter: boolean;
  formula: string;
  isMoney?: boolean;
  value(f: PeriodFigures): { value: number | null; reason?: KpiReason };
}

const ratio = (part: number | null, whole: number | null, scale = 100): { value: number | null; reason?: KpiReason } =>
  part === null || whole === null ? { value: null, reason: 'no_lead_access' } : whole === 0 ? { value: null, reason: 'no_data' } : { value: (part / whole) * scale };
const spendBased = (f: PeriodFigures, compute: (spend: number) => { value: number | null; reason?: KpiReason }) =>
  f.spend === null ? { value: null, reason: 'spend_not_attributed' as const } : f.spend === 0 ? { value: null, reason: 'no_spend' as const } : compute(f.spend);
const churn = (f: PeriodFigures) => (f.previous_buyers === 0 ? null : 1 - f.retained / f.previous_buyers);

/** The KPI library, in display order. Formulas are the sources' usual definitions, stated where they need a choice. */
export const KPIS: KpiDef[] = [
  {
    key: 'lead_conversion', unit: 'percent', isHigherBetter: true,
    formula: 'CR = leads created in the period that were converted / leads created in the period × 100%',
    value: (f) => ratio(f.converted_leads, f.leads),
  },
  {
    key: 'cac', unit: 'money', isHigherBetter: false, isMoney: true,
    formula: 'CAC = (marketing + sales spend in the period) / new customers (first purchase in the period)',
    value: (f) => spendBased(f, (spend) => (f.new_customers === 0 ? { value: null, reason: 'no_data' } : { value: spend / f.new_customers })),
  },
  {
    key: 'nps', unit: 'percent', isHigherBetter: true,
    formula: 'NPS = % promoters (score 9–10) − % detractors (score 0–6)',
    value: () => ({ value: null, reason: 'no_survey_answers' }),
  },
  {
    key: 'ltv', unit: 'money', isHigherBetter: true, isMoney: true,
    formula: 'LTV = ARPU × average relationship length; ARPU = revenue / buying customers in the period, length = 1 / churn rate (in periods)',
    value: (f) => {
      const rate = churn(f);
      if (f.buyers === 0 || rate === null) return { value: null, reason: 'no_data' };
      if (rate === 0) return { value: null, reason: 'no_churn' };
      return { value: (f.revenue / f.buyers) / rate };
    },
  },
  {
    key: 'retention_rate', unit: 'percent', isHigherBetter: true,
    formula: 'Retention = customers who bought in the previous period and again in this one / customers who bought in the previous period × 100%',
    value: (f) => ratio(f.retained, f.previous_buyers),
  },
  {
    key: 'churn_rate', unit: 'percent', isHigherBetter: false,
    formula: 'Churn = 100% − retention: customers of the previous period who did not buy again in this one',
    value: (f) => { const rate = churn(f); return rate === null ? { value: null, reason: 'no_data' } : { value: rate * 100 }; },
  },
  {
    key: 'aov', unit: 'money', isHigherBetter: true, isMoney: true,
    formula: 'AOV = revenue net of returns / purchases in the period',
    value: (f) => ratio(f.revenue, f.orders, 1),
  },
  {
    key: 'repeat_purchase_rate', unit: 'percent', isHigherBetter: true,
    formula: 'Repeat rate = customers buying in the period with at least two purchases by its end / customers buying in the period × 100%',
    value: (f) => ratio(f.repeat_buyers, f.buyers),
  },
  {
    key: 'second_purchase_rate', unit: 'percent', isHigherBetter: true,
    formula: 'First → second purchase = new customers of the period who bought again by its end / new customers of the period × 100%',
    value: (f) => ratio(f.second_purchases, f.new_customers),
  },
  {
    key: 'roi', unit: 'percent', isHigherBetter: true, isMoney: true,
    formula: 'ROI = (gain − cost) / cost × 100%; gain = revenue in the period from customers acquired in it, cost = spend in the period',
    value: (f) => spendBased(f, (spend) => ({ value: ((f.new_customer_revenue - spend) / spend) * 100 })),
  },
  {
    key: 'lead_response_time', unit: 'minutes', isHigherBetter: false,
    formula: 'Response time = median of (first contact − creation) over leads created in the period and contacted',
    value: (f) => (f.leads === null ? { value: null, reason: 'no_lead_access' } : f.median_response_minutes === null ? { value: null, reason: 'no_data' } : { value: f.median_response_minutes }),
  },
  {
    key: 'lost_leads', unit: 'percent', isHigherBetter: false,
    formula: 'Lost leads = leads created in the period now disqualified / leads created in the period × 100%',
    value: (f) => ratio(f.lost_leads, f.leads),
  },
  {
    key: 'base_growth', unit: 'percent', isHigherBetter: true,
    formula: 'Base growth = people added in the period / people at the period’s start × 100%',
    value: (f) => ratio(f.people_new, f.people_before),
  },
];

/** Figures of a period; `before` is the period just before it (for retention). */
async function periodFigures(db: Db, base: CustomerBase, period: Period, before: Period): Promise<PeriodFigures> {
  const tz = base.timeZone;
  const end = periodEnd(period, tz);
  const orders = (await sql<{
    revenue: string; orders: number; buyers: number; new_customers: number; new_customer_revenue: string;
    repeat_buyers: number; second_purchases: number; previous_buyers: number; retained: number;
  }>`
    with ${customersCte(base)}, ${purchasesCte(base)},
    firsts as (select person_id, min(placed_at) as first_at from purchases group by person_id),
    upto_end as (select person_id, count(*) as n from purchases where placed_at < ${end} group by person_id),
    current_period as (select * from purchases where ${inPeriod('placed_at', period, tz)}),
    buyers as (select distinct person_id from current_period),
    previous_buyers as (select distinct person_id from purchases where ${inPeriod('placed_at', before, tz)}),
    newcomers as (select person_id from firsts where ${inPeriod('first_at', period, tz)})
    select
      (select coalesce(sum(revenue), 0)::text from current_period) as revenue,
      (select count(*)::int from current_period) as orders,
      (select count(*)::int from buyers) as buyers,
      (select count(*)::int from newcomers) as new_customers,
      (select coalesce(sum(c.revenue), 0)::text from current_period c join newcomers n on n.person_id = c.person_id) as new_customer_revenue,
      (select count(*)::int from buyers b join upto_end u on u.person_id = b.person_id where u.n >= 2) as repeat_buyers,
      (select count(*)::int from newcomers n join upto_end u on u.person_id = n.person_id where u.n >= 2) as second_purchases,
      (select count(*)::int from previous_buyers) as previous_buyers,
      (select count(*)::int from previous_buyers p join buyers b on b.person_id = p.person_id) as retained`.execute(db)).rows[0]!;

  const people = (await sql<{ people_new: number; people_before: number }>`
    with ${customersCte(base)}
    select count(*) filter (where ${inPeriod('created_at', period, tz)})::int as people_new,
      count(*) filter (where created_at < (${period.from}::date)::timestamp at time zone ${tz})::int as people_before
    from customers`.execute(db)).rows[0]!;

  const leads = base.leadScope ? (await sql<{ leads: number; converted: number; lost: number; median_seconds: number | null }>`
    select count(*)::int as leads,
      count(*) filter (where l.converted_at is not null)::int as converted,
      count(*) filter (where l.status = 'disqualified')::int as lost,
      (percentile_cont(0.5) within group (order by extract(epoch from l.first_contacted_at - l.created_at))
        filter (where l.first_contacted_at is not null))::float8 as median_seconds
    from lead l
    where ${leadsCondition(base, base.leadScope)} and ${inPeriod('l.created_at', period, tz)}`.execute(db)).rows[0]! : null;

  const spend = base.isNarrowed ? null
    : (await spendQuery(base, period, base.source).execute(db)).rows.reduce((sum, r) => sum + Number(r.spend), 0);

  return {
    revenue: Number(orders.revenue),
    orders: orders.orders,
    buyers: orders.buyers,
    new_customers: orders.new_customers,
    new_customer_revenue: Number(orders.new_customer_revenue),
    repeat_buyers: orders.repeat_buyers,
    second_purchases: orders.second_purchases,
    previous_buyers: orders.previous_buyers,
    retained: orders.retained,
    leads: leads?.leads ?? null,
    converted_leads: leads?.converted ?? null,
    lost_leads: leads?.lost ?? null,
    median_response_minutes: leads?.median_seconds == null ? null : leads.median_seconds / 60,
    people_new: people.people_new,
    people_before: people.people_before,
    spend,
  };
}

const round = (value: number | null, places = 2) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);

function kpiValue(def: KpiDef, base: CustomerBase, figures: PeriodFigures): { value: number | null; reason: KpiReason | null } {
  if (def.isMoney && base.isMoneyHidden) return { value: null, reason: 'money_hidden' };
  const { value, reason } = def.value(figures);
  return { value: round(value), reason: reason ?? null };
}

async function computeKpis(ctx: ServiceContext, filters: z.infer<typeof kpisQuerySchema>) {
  const base = await loadCustomerBase(ctx, filters);
  const { current, previous } = resolvePeriod(filters);
  const beforePrevious = resolvePeriod({ from: previous.from, to: previous.to }).previous;
  const [now, then] = [await periodFigures(ctx.db, base, current, previous), await periodFigures(ctx.db, base, previous, beforePrevious)];
  const figures = (f: PeriodFigures) => ({
    ...f,
    revenue: base.isMoneyHidden ? null : f.revenue,
    new_customer_revenue: base.isMoneyHidden ? null : f.new_customer_revenue,
    spend: base.isMoneyHidden ? null : f.spend,
  });
  return {
    base, current, previous,
    figures: { current: figures(now), previous: figures(then) },
    kpis: KPIS.map((def) => ({ def, now: kpiValue(def, base, now), then: kpiValue(def, base, then) })),
  };
}

const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b));
const relative = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(((a - b) / Math.abs(b)) * 100, 1));

type BaselineRow = { id: string; name: string; period_from: string; period_to: string; filters: Record<string, string>; kpi_values: Record<string, number | null>; created_at: Date };

async function loadBaseline(ctx: ServiceContext, id: string): Promise<BaselineRow> {
  const row = (await sql<BaselineRow>`
    select id, name, period_from::text as period_from, period_to::text as period_to, filters, kpi_values, created_at from kpi_baseline
    where workspace_id = ${ctx.principal.workspaceId} and id = ${id} and created_by = ${ctx.principal.id}`.execute(ctx.db)).rows[0];
  if (!row) throw KpiErrors.KPI_BASELINE_NOT_FOUND({ field: 'baseline_id' });
  return row;
}

const presentBaseline = (row: BaselineRow) => ({
  id: row.id, name: row.name, period: { from: row.period_from, to: row.period_to }, filters: row.filters, created_at: new Date(row.created_at).toISOString(),
});

/**
 * The KPI library for a period: each KPI's value, its value in the previous period of the same
 * length and the change, and optionally the change against a saved baseline.
 */
export async function getKpis(ctx: ServiceContext, query: KpisQuery) {
  const baseline = query.baseline_id ? await loadBaseline(ctx, query.baseline_id) : null;
  const { base, current, previous, figures, kpis } = await computeKpis(ctx, query);
  return {
    period: { from: current.from, to: current.to },
    previous_period: { from: previous.from, to: previous.to },
    currency: base.currency,
    is_money_hidden: base.isMoneyHidden,
    baseline: baseline ? presentBaseline(baseline) : null,
    figures,
    kpis: kpis.map(({ def, now, then }) => {
      // A money KPI hidden now stays hidden in the baseline too.
      const baselineValue = baseline && !(def.isMoney && base.isMoneyHidden) ? baseline.kpi_values[def.key] ?? null : null;
      return {
        key: def.key, unit: def.unit, is_higher_better: def.isHigherBetter, formula: def.formula,
        value: now.value, reason: now.reason,
        previous: then.value, change: difference(now.value, then.value), change_percent: relative(now.value, then.value),
        baseline: baselineValue, baseline_change: difference(now.value, baselineValue),
      };
    }),
  };
}

/** Saves the KPI values of a period and filters under a name, private to whoever saves it. */
export async function saveKpiBaseline(ctx: ServiceContext, input: z.infer<typeof saveBaselineSchema>) {
  const { name, ...filters } = input;
  const { current, kpis } = await computeKpis(ctx, filters);
  const values = Object.fromEntries(kpis.map(({ def, now }) => [def.key, now.value]));
  return inTransaction(ctx, async (tx, ctx) => {
    const id = newId();
    await sql`insert into kpi_baseline (workspace_id, id, created_by, name, period_from, period_to, filters, kpi_values)
      values (${ctx.principal.workspaceId}, ${id}, ${ctx.principal.id}, ${name}, ${current.from}, ${current.to},
        ${JSON.stringify(filters)}::jsonb, ${JSON.stringify(values)}::jsonb)`.execute(tx);
    await recordChange(tx, ctx, {
      entityType: 'kpi_baseline', entityId: id, action: 'create', event: 'kpi_baseline.created',
      changes: { name: { before: null, after: name }, period: { before: null, after: `${current.from}…${current.to}` } },
    });
    return { ...presentBaseline(await loadBaseline(ctx, id)), values };
  });
}

export async function listKpiBaselines(ctx: ServiceContext) {
  const rows = (await sql<BaselineRow>`
    select id, name, period_from::text as period_from, period_to::text as period_to, filters, kpi_values, created_at from kpi_baseline
    where workspace_id = ${ctx.principal.workspaceId} and created_by = ${ctx.principal.id} order by created_at desc`.execute(ctx.db)).rows;
  return { data: rows.map(presentBaseline) };
}

export async function deleteKpiBaseline(ctx: ServiceContext, id: string) {
  await inTransaction(ctx, async (tx, ctx) => {
    const row = await loadBaseline(ctx, id);
    await sql`delete from kpi_baseline where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(tx);
    await recordChange(tx, ctx, {
      entityType: 'kpi_baseline', entityId: id, action: 'delete', event: 'kpi_baseline.deleted', changes: { name: { before: row.name, after: null } },
    });
  });
}
