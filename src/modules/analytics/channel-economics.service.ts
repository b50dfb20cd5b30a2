import { sql } from 'kysely';
import type { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import { analyticsFiltersSchema, inPeriod, resolvePeriod } from './analytics-filters.ts';
import { customersCte, leadsCondition, loadCustomerBase, money, purchasesCte, spendQuery } from './customer-base.ts';

export const channelsQuerySchema = analyticsFiltersSchema.omit({ pipeline_id: true });

type ChannelRow = {
  source: string | null; revenue: string; orders: number; customers: number; new_customers: number; new_customer_revenue: string;
  leads: number | null; converted_leads: number | null;
};

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * Unit economics by acquisition source (the person's `source`, the lead's `source`, and the
 * channel spend is entered for): revenue, purchases and buying customers in the period, new
 * customers, lead → customer conversion, CAC and ROI.
 */
export async function getChannelEconomics(ctx: ServiceContext, query: z.infer<typeof channelsQuerySchema>) {
  const base = await loadCustomerBase(ctx, query);
  const { current: period } = resolvePeriod(query);
  const tz = base.timeZone;
  const leads = base.leadScope;
  const rows = (await sql<ChannelRow>`
    with ${customersCte(base)}, ${purchasesCte(base)},
    firsts as (select person_id, min(placed_at) as first_at from purchases group by person_id),
    in_period as (select p.*, c.source from purchases p join customers c on c.id = p.person_id where ${inPeriod('p.placed_at', period, tz)}),
    newcomers as (select f.person_id, c.source from firsts f join customers c on c.id = f.person_id where ${inPeriod('f.first_at', period, tz)}),
    sales as (
      select source, sum(revenue) as revenue, count(*)::int as orders, count(distinct person_id)::int as customers from in_period group by source
    ),
    acquired as (
      select n.source, count(distinct n.person_id)::int as new_customers, coalesce(sum(i.revenue), 0) as new_customer_revenue
      from newcomers n left join in_period i on i.person_id = n.person_id group by n.source
    ),
    lead_sources as (
      ${leads ? sql`
        select l.source, count(*)::int as leads,
          count(*) filter (where exists (select 1 from purchases p where p.person_id = l.person_id))::int as converted_leads
        from lead l where ${leadsCondition(base, leads)} and ${inPeriod('l.created_at', period, tz)} group by l.source` : sql`
        select null::text as source, null::int as leads, null::int as converted_leads where false`}
    ),
    sources as (select source from sales union select source from acquired union select source from lead_sources)
    select s.source, coalesce(sa.revenue, 0)::text as revenue, coalesce(sa.orders, 0) as orders, coalesce(sa.customers, 0) as customers,
      coalesce(a.new_customers, 0) as new_customers, coalesce(a.new_customer_revenue, 0)::text as new_customer_revenue,
      ls.leads, ls.converted_leads
    from sources s
    left join sales sa on sa.source is not distinct from s.source
    left join acquired a on a.source is not distinct from s.source
    left join lead_sources ls on ls.source is not distinct from s.source`.execute(ctx.db)).rows;

  // Spend is not attributed to owners: a narrowed view has no CAC.
  const spend = base.isNarrowed ? null : new Map((await spendQuery(base, period, base.source).execute(ctx.db)).rows.map((r) => [r.channel, Number(r.spend)]));
  const bySource = new Map(rows.map((r) => [r.source, r]));
  for (const channel of spend?.keys() ?? []) {
    if (!bySource.has(channel)) bySource.set(channel, { source: channel, revenue: '0', orders: 0, customers: 0, new_customers: 0, new_customer_revenue: '0', leads: leads ? 0 : null, converted_leads: leads ? 0 : null });
  }
  const channels = [...bySource.values()].map((r) => {
    const cost = spend ? spend.get(r.source ?? '') ?? 0 : null;
    return {
      source: r.source,
      revenue: money(base, r.revenue),
      orders: r.orders,
      customers: r.customers,
      new_customers: r.new_customers,
      new_customer_revenue: money(base, r.new_customer_revenue),
      leads: leads ? r.leads ?? 0 : null,
      converted_leads: leads ? r.converted_leads ?? 0 : null,
      lead_conversion: leads ? percent(r.converted_leads ?? 0, r.leads ?? 0) : null,
      spend: money(base, cost),
      cac: cost === null || cost === 0 || r.new_customers === 0 ? null : money(base, cost / r.new_customers),
      roi: cost === null || cost === 0 || base.isMoneyHidden ? null : Math.round(((Number(r.new_customer_revenue) - cost) / cost) * 1000) / 10,
    };
  }).sort((a, b) => Number(b.revenue ?? 0) - Number(a.revenue ?? 0) || b.customers - a.customers || (a.source ?? '').localeCompare(b.source ?? ''));
  return {
    period: { from: period.from, to: period.to },
    currency: base.currency,
    is_money_hidden: base.isMoneyHidden,
    is_spend_attributed: spend !== null,
    channels,
  };
}
