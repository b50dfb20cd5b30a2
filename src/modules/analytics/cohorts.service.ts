import { sql } from 'kysely';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import { analyticsFiltersSchema, inPeriod, resolvePeriod } from './analytics-filters.ts';
import { customersCte, loadCustomerBase, money, purchasesCte } from './customer-base.ts';

export const cohortsQuerySchema = analyticsFiltersSchema.omit({ pipeline_id: true }).extend({
  metric: z.enum(['all', 'retention', 'revenue']).default('all').describe('Which matrices to fill: both, retention only, or revenue only'),
});
export type CohortsQuery = z.infer<typeof cohortsQuerySchema>;

const DAY_MS = 86_400_000;

/** Without a `from`, cohorts cover the twelve calendar months ending with `to`'s month. */
function cohortPeriod(query: CohortsQuery, today = new Date()) {
  if (query.from) return resolvePeriod(query, today).current;
  const to = query.to ?? today.toISOString().slice(0, 10);
  const end = new Date(`${to.slice(0, 7)}-01T00:00:00Z`);
  const from = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  return { from, to, days: Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1 };
}

type CohortCell = { cohort_month: string; size: number; offset: number; buyers: number; revenue: string };

/**
 * Monthly acquisition cohorts: customers grouped by the month (workspace time) of their first
 * purchase ever, first purchases falling in the period; then, for each month since, the share of
 * the cohort who bought (retention) and what the cohort spent (revenue, and per cohort member).
 * Months are observed up to the month of the latest purchase (never beyond the current month);
 * later cells are null, not zero.
 */
export async function getCohorts(ctx: ServiceContext, query: CohortsQuery) {
  const base = await loadCustomerBase(ctx, query);
  const period = cohortPeriod(query);
  const tz = base.timeZone;
  const rows = (await sql<CohortCell>`
    with ${customersCte(base)}, ${purchasesCte(base)},
    firsts as (select person_id, min(placed_at) as first_at from purchases group by person_id),
    cohort as (
      select person_id, date_trunc('month', first_at at time zone ${tz})::date as cohort_month
      from firsts where ${inPeriod('first_at', period, tz)}
    ),
    sizes as (select cohort_month, count(*)::int as size from cohort group by cohort_month),
    horizon as (select date_trunc('month', least(max(placed_at), now()) at time zone ${tz})::date as last_month from purchases),
    activity as (
      select c.cohort_month, m.offset_months, count(distinct p.person_id)::int as buyers, sum(p.revenue) as revenue
      from cohort c
      join purchases p on p.person_id = c.person_id
      cross join lateral (
        select ((extract(year from p.placed_at at time zone ${tz}) - extract(year from c.cohort_month)) * 12
          + extract(month from p.placed_at at time zone ${tz}) - extract(month from c.cohort_month))::int as offset_months
      ) m
      group by c.cohort_month, m.offset_months
    )
    select to_char(s.cohort_month, 'YYYY-MM') as cohort_month, s.size, k.k as offset,
      coalesce(a.buyers, 0) as buyers, coalesce(a.revenue, 0)::text as revenue
    from sizes s
    cross join horizon h
    cross join lateral generate_series(0, ((extract(year from h.last_month) - extract(year from s.cohort_month)) * 12
      + extract(month from h.last_month) - extract(month from s.cohort_month))::int) as k(k)
    left join activity a on a.cohort_month = s.cohort_month and a.offset_months = k.k
    order by s.cohort_month, k.k`.execute(ctx.db)).rows;

  const isRetention = query.metric !== 'revenue';
  const isRevenue = query.metric !== 'retention';
  const byMonth = new Map<string, CohortCell[]>();
  for (const row of rows) byMonth.set(row.cohort_month, [...(byMonth.get(row.cohort_month) ?? []), row]);
  const maxOffset = Math.max(-1, ...rows.map((r) => r.offset));
  const cohorts = [...byMonth.entries()].map(([month, cells]) => {
    const size = cells[0]!.size;
    // Every row carries k up to the horizon; shorter rows are padded with null (not yet observed).
    const pad = <T>(values: T[]) => [...values, ...Array<null>(maxOffset + 1 - values.length).fill(null)];
    return {
      month,
      size,
      ...(isRetention ? { retention: pad(cells.map((c) => Math.round((c.buyers / size) * 1000) / 10)), buyers: pad(cells.map((c) => c.buyers)) } : {}),
      ...(isRevenue ? {
        revenue: pad(cells.map((c) => money(base, c.revenue))),
        revenue_per_customer: pad(cells.map((c) => money(base, Number(c.revenue) / size))),
      } : {}),
    };
  });
  return {
    period: { from: period.from, to: period.to },
    currency: base.currency,
    metric: query.metric,
    is_money_hidden: base.isMoneyHidden,
    max_offset: maxOffset,
    customers: cohorts.reduce((sum, c) => sum + c.size, 0),
    cohorts,
  };
}
