import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import { analyticsFiltersSchema, inPeriod, resolvePeriod, type Period } from './analytics-filters.ts';
import { customersCte, loadCustomerBase, money, purchasesCte, type CustomerBase } from './customer-base.ts';

export const paretoQuerySchema = analyticsFiltersSchema.omit({ pipeline_id: true });

/** The share of customers called "top" (Pareto's 20%). */
const TOP_SHARE = 0.2;
/** Points of the curve: 0%, 2.5%, … 100% of customers. */
const CURVE_STEPS = 40;
const PORTRAIT_ROWS = 5;

type Group = 'top' | 'rest';
type PortraitRow = { grp: Group; value: string | null; customers: number; revenue: string };

/**
 * Customers with positive net revenue in the period, ranked by it: `ranked (person_id, revenue,
 * orders, rank, n, cumulative, total)` and `grouped (person_id, grp)`, top being the first
 * ⌈20% · n⌉.
 */
function rankedCtes(base: CustomerBase, period: Period): RawBuilder<unknown> {
  return sql`${customersCte(base)}, ${purchasesCte(base)},
    in_period as (select * from purchases where ${inPeriod('placed_at', period, base.timeZone)}),
    per_customer as (
      select person_id, sum(revenue) as revenue, count(*)::int as orders from in_period group by person_id having sum(revenue) > 0
    ),
    ranked as (
      select person_id, revenue, orders,
        row_number() over (order by revenue desc, person_id) as rank,
        count(*) over () as n,
        sum(revenue) over (order by revenue desc, person_id rows unbounded preceding) as cumulative,
        sum(revenue) over () as total
      from per_customer
    ),
    grouped as (select person_id, case when rank <= ceil(n * ${TOP_SHARE}::numeric) then 'top' else 'rest' end as grp from ranked)`;
}

function topRows(rows: PortraitRow[], base: CustomerBase) {
  const groups = { top: [] as PortraitRow[], rest: [] as PortraitRow[] };
  for (const row of rows) groups[row.grp].push(row);
  const present = (list: PortraitRow[]) => {
    const total = list.reduce((sum, r) => sum + Number(r.revenue), 0);
    return [...list].sort((a, b) => Number(b.revenue) - Number(a.revenue) || b.customers - a.customers).slice(0, PORTRAIT_ROWS).map((r) => ({
      value: r.value, customers: r.customers, revenue: money(base, r.revenue),
      share: base.isMoneyHidden || total <= 0 ? null : Math.round((Number(r.revenue) / total) * 1000) / 10,
    }));
  };
  return { top: present(groups.top), rest: present(groups.rest) };
}

/**
 * Pareto (80/20) analysis of the period's revenue: the share the top 20% of customers bring, the
 * Pareto curve (cumulative revenue share by share of customers, best first — a Lorenz curve read
 * from the top), and a portrait of the top customers against the rest.
 */
export async function getPareto(ctx: ServiceContext, query: z.infer<typeof paretoQuerySchema>) {
  const base = await loadCustomerBase(ctx, query);
  const { current: period } = resolvePeriod(query);
  const empty = { period: { from: period.from, to: period.to }, currency: base.currency, is_money_hidden: base.isMoneyHidden };
  // Ranking customers by revenue a reader may not see would reveal it.
  if (base.isMoneyHidden) {
    return { ...empty, customers: 0, top_customers: 0, revenue: null, top_revenue: null, top_share: null, curve: [], groups: null, portrait: null };
  }
  const ranked = rankedCtes(base, period);
  const summary = (await sql<{ n: number; top_n: number; total: string | null; top_revenue: string | null; top_orders: number; rest_orders: number }>`
    with ${ranked}
    select count(*)::int as n, coalesce(ceil(count(*) * ${TOP_SHARE}::numeric), 0)::int as top_n, sum(revenue)::text as total,
      sum(revenue) filter (where rank <= ceil(n * ${TOP_SHARE}::numeric))::text as top_revenue,
      coalesce(sum(orders) filter (where rank <= ceil(n * ${TOP_SHARE}::numeric)), 0)::int as top_orders,
      coalesce(sum(orders) filter (where rank > ceil(n * ${TOP_SHARE}::numeric)), 0)::int as rest_orders
    from ranked`.execute(ctx.db)).rows[0]!;
  const curve = summary.n === 0 ? [] : (await sql<{ customers_share: number; revenue_share: number }>`
    with ${ranked}
    select (s.i * 100.0 / ${CURVE_STEPS}::numeric)::float8 as customers_share,
      coalesce((select r.cumulative * 100.0 / r.total from ranked r where r.rank = ceil(s.i * r.n / ${CURVE_STEPS}::numeric)), 0)::float8 as revenue_share
    from generate_series(0, ${CURVE_STEPS}) as s(i) order by s.i`.execute(ctx.db)).rows
    .map((p) => ({ customers_share: p.customers_share, revenue_share: Math.round(p.revenue_share * 10) / 10 }));

  const portrait = async (select: RawBuilder<PortraitRow>) => topRows((await select.execute(ctx.db)).rows, base);
  const categories = await portrait(sql<PortraitRow>`
    with ${ranked},
    -- Per customer and category first: one hash aggregate over the lines, no distinct count after.
    person_categories as (
      select p.person_id, l.category,
        sum(case when l.returned_quantity = 0 then l.amount else l.amount * (l.quantity - l.returned_quantity) / l.quantity end) as revenue
      from in_period p join order_line l on l.workspace_id = ${base.workspaceId} and l.order_id = p.id
      group by p.person_id, l.category
    )
    select g.grp, c.category as value, count(*)::int as customers, sum(c.revenue)::text as revenue
    from grouped g join person_categories c on c.person_id = g.person_id
    group by g.grp, c.category`);
  const channels = await portrait(sql<PortraitRow>`
    with ${ranked}
    select g.grp, p.channel as value, count(distinct g.person_id)::int as customers, sum(p.revenue)::text as revenue
    from grouped g join in_period p on p.person_id = g.person_id group by g.grp, p.channel`);
  const attribute = (column: 'source' | 'city') => portrait(sql<PortraitRow>`
    with ${ranked}
    select g.grp, ${sql.ref(`c.${column}`)} as value, count(*)::int as customers, sum(r.revenue)::text as revenue
    from grouped g join ranked r on r.person_id = g.person_id join customers c on c.id = g.person_id
    group by g.grp, ${sql.ref(`c.${column}`)}`);
  const sources = await attribute('source');
  const cities = base.isCityHidden ? null : await attribute('city');

  const total = Number(summary.total ?? 0);
  const topRevenue = Number(summary.top_revenue ?? 0);
  const group = (customers: number, revenue: number, orders: number) => ({
    customers, orders, revenue: money(base, revenue),
    revenue_share: total > 0 ? Math.round((revenue / total) * 1000) / 10 : null,
    average_order_value: orders > 0 ? money(base, revenue / orders) : null,
    revenue_per_customer: customers > 0 ? money(base, revenue / customers) : null,
  });
  return {
    ...empty,
    customers: summary.n,
    top_customers: summary.top_n,
    revenue: money(base, total),
    top_revenue: money(base, topRevenue),
    top_share: total > 0 ? Math.round((topRevenue / total) * 1000) / 10 : null,
    curve,
    groups: {
      top: group(summary.top_n, topRevenue, summary.top_orders),
      rest: group(summary.n - summary.top_n, total - topRevenue, summary.rest_orders),
    },
    portrait: { categories, channels, sources, cities },
  };
}
