import { sql, type RawBuilder } from 'kysely';
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
 * including returns traced to no order. Purchase days are counted in the workspace's time zone.
 */
export async function refreshCustomerTotals(db: Db, workspaceId: string, personIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(personIds.filter((id): id is string => typeof id === 'string'))];
  if (ids.length === 0) return;
  await sql`delete from customer_order_totals where workspace_id = ${workspaceId} and person_id = any(${ids}::uuid[])`.execute(db);
  await insertCustomerTotals(db, workspaceId, sql`person_id = any(${ids}::uuid[])`);
}

/**
 * Recomputes every customer's totals of a workspace in one set-based pass: after orders were
 * loaded straight into the table (a benchmark, a restore) rather than through this module.
 */
export async function rebuildCustomerTotals(db: Db, workspaceId: string): Promise<void> {
  const rebuild = async (trx: Db) => {
    await sql`delete from customer_order_totals where workspace_id = ${workspaceId}`.execute(trx);
    await insertCustomerTotals(trx, workspaceId, sql`true`);
  };
  await (db.isTransaction ? rebuild(db) : db.transaction().execute(rebuild));
}

/** Grouped rather than looked up per person, so one statement serves a person and a whole workspace. */
async function insertCustomerTotals(db: Db, workspaceId: string, people: RawBuilder<boolean>): Promise<void> {
  await sql`
    with purchase_day as (
      select person_id, currency, (placed_at at time zone w.time_zone)::date as day,
        count(*)::int as orders, sum(total) as gross, sum(total - returned_total) as net_value,
        min(placed_at) as first_at, max(placed_at) as last_at
      from sales_order, (select time_zone from workspace where id = ${workspaceId}) w
      where workspace_id = ${workspaceId} and ${people} and person_id is not null and status in ('paid', 'fulfilled', 'returned')
      group by 1, 2, 3
    ), running as (
      select *, sum(net_value) over (partition by person_id, currency order by day) as running_value from purchase_day
    ), purchases as (
      select person_id, currency, sum(orders)::int as order_count, sum(gross) as gross, min(first_at) as first_order_at,
        max(last_at) as last_order_at, array_agg(day order by day) as purchase_days,
        array_agg(running_value order by day) as purchase_running_value
      from running group by 1, 2
    ), returns as (
      select person_id, currency, sum(total) as returned from order_return
      where workspace_id = ${workspaceId} and ${people} and person_id is not null group by 1, 2
    ), categories as (
      select o.person_id, o.currency, array_agg(distinct l.category order by l.category) as categories
      from (
        select id, person_id, currency from sales_order
        where workspace_id = ${workspaceId} and ${people} and person_id is not null and status in ('paid', 'fulfilled', 'returned')
      ) o join order_line l on l.workspace_id = ${workspaceId} and l.order_id = o.id
      where l.category is not null
      group by 1, 2
    )
    insert into customer_order_totals (workspace_id, person_id, currency, order_count, revenue, returned, first_order_at, last_order_at, categories,
      purchase_days, purchase_running_value)
    select ${workspaceId}::uuid, person_id, currency, coalesce(p.order_count, 0), coalesce(p.gross, 0) - coalesce(r.returned, 0),
      coalesce(r.returned, 0), p.first_order_at, p.last_order_at, coalesce(c.categories, '{}'),
      coalesce(p.purchase_days, '{}'), coalesce(p.purchase_running_value, '{}')
    from purchases p full join returns r using (person_id, currency) left join categories c using (person_id, currency)`.execute(db);
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
