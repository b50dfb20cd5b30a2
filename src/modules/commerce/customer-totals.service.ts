import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { authorize, authorizeRecord } from '../../platform/auth/permissions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { orderRecordType } from './orders.records.ts';
import './commerce.tables.ts';

/**
 * Recomputes the purchase totals of these customers from their orders and returns, in the
 * caller's transaction. Derived afresh rather than adjusted, so a retried or reordered write can't
 * leave them off. Purchases are orders paid, fulfilled or returned; revenue is net of returns,
 * including returns traced to no order.
 */
export async function refreshCustomerTotals(db: Db, workspaceId: string, personIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(personIds.filter((id): id is string => typeof id === 'string'))];
  if (ids.length === 0) return;
  await sql`delete from customer_order_totals where workspace_id = ${workspaceId} and person_id = any(${ids}::uuid[])`.execute(db);
  await sql`
    insert into customer_order_totals (workspace_id, person_id, currency, order_count, revenue, returned, first_order_at, last_order_at, categories)
    select ${workspaceId}::uuid, p.person_id, p.currency, coalesce(o.order_count, 0), coalesce(o.gross, 0) - coalesce(r.returned, 0),
      coalesce(r.returned, 0), o.first_order_at, o.last_order_at, coalesce(c.categories, '{}')
    from (
      select person_id, currency from sales_order
      where workspace_id = ${workspaceId} and person_id = any(${ids}::uuid[]) and status in ('paid', 'fulfilled', 'returned')
      union
      select person_id, currency from order_return where workspace_id = ${workspaceId} and person_id = any(${ids}::uuid[])
    ) p
    left join lateral (
      select count(*)::int as order_count, sum(total) as gross, min(placed_at) as first_order_at, max(placed_at) as last_order_at
      from sales_order o
      where o.workspace_id = ${workspaceId} and o.person_id = p.person_id and o.currency = p.currency and o.status in ('paid', 'fulfilled', 'returned')
    ) o on true
    left join lateral (
      select sum(total) as returned from order_return r
      where r.workspace_id = ${workspaceId} and r.person_id = p.person_id and r.currency = p.currency
    ) r on true
    left join lateral (
      select array_agg(distinct l.category order by l.category) as categories
      from sales_order o join order_line l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${workspaceId} and o.person_id = p.person_id and o.currency = p.currency
        and o.status in ('paid', 'fulfilled', 'returned') and l.category is not null
    ) c on true`.execute(db);
}

export interface CustomerTotals {
  currency: string;
  order_count: number;
  revenue: string | null;
  returned: string | null;
  average_order_value: string | null;
  first_order_at: string | null;
  last_order_at: string | null;
  categories: string[];
}

/** A customer's purchase totals per currency, for readers of both the person and orders. */
export async function getCustomerTotals(ctx: ServiceContext, personId: string): Promise<{ data: CustomerTotals[] }> {
  const person = (await sql<{ owner_id: string | null }>`
    select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  // Totals describe the customer, so any read access to orders shows them; a hidden order total hides the money.
  authorize(ctx.principal, 'order', 'read');
  const isMoneyHidden = hiddenColumns(ctx.principal, orderRecordType).has('total');
  const rows = await ctx.db.selectFrom('customer_order_totals').selectAll()
    .where('workspace_id', '=', ctx.principal.workspaceId).where('person_id', '=', personId).orderBy('order_count', 'desc').execute();
  return { data: rows.map((r) => ({
    currency: r.currency, order_count: r.order_count,
    revenue: isMoneyHidden ? null : r.revenue,
    returned: isMoneyHidden ? null : r.returned,
    average_order_value: isMoneyHidden || r.order_count === 0 ? null : (Math.round((Number(r.revenue) / r.order_count) * 100) / 100).toFixed(2),
    first_order_at: r.first_order_at ? new Date(r.first_order_at).toISOString() : null,
    last_order_at: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
    categories: r.categories,
  })) };
}
