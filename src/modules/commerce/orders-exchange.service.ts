import { sql } from 'kysely';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { updateRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { canMoveOrder, orderRecordType, type OrderStatus } from './orders.records.ts';
import './commerce.tables.ts';

export interface ExchangeOrderLine {
  product_id: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  unit_price: string;
  discount: string;
  amount: string;
}

/** An order as another system (1C) receives it: the order, its customer's id and its lines. */
export interface ExchangeOrder {
  id: string;
  number: string;
  external_id: string | null;
  status: OrderStatus;
  currency: string;
  total: string;
  discount_total: string;
  paid_amount: string;
  payment_method: string | null;
  channel: string | null;
  person_id: string | null;
  company_id: string | null;
  placed_at: Date;
  updated_at: Date;
  /** updated_at as PostgreSQL text, to the microsecond (a JS Date keeps only milliseconds): the cursor's `at`. */
  change_key: string;
  lines: ExchangeOrderLine[];
}

/** A position in the orders' change order: the last change a reader has seen. */
export interface OrderChangeCursor {
  /** A timestamptz as text, to the microsecond: an order's `change_key`. */
  at: string;
  id: string;
}

/**
 * Orders changed after the cursor, oldest change first, with their lines (two queries whatever
 * the page size). A reader keeps the last order's (updated_at, id) and asks again from there.
 */
export async function listOrdersChangedAfter(ctx: ServiceContext, options: { after: OrderChangeCursor | null; limit: number }): Promise<ExchangeOrder[]> {
  const scope = authorize(ctx.principal, 'order', 'export');
  const workspaceId = ctx.principal.workspaceId;
  const orders = (await sql<Omit<ExchangeOrder, 'lines'>>`
    select id, number, external_id, status, currency, total::text as total, discount_total::text as discount_total,
      paid_amount::text as paid_amount, payment_method, channel, person_id, company_id, placed_at, updated_at, updated_at::text as change_key
    from sales_order
    where workspace_id = ${workspaceId}
      ${options.after ? sql`and (updated_at, id) > (${options.after.at}::timestamptz, ${options.after.id}::uuid)` : sql``}
      ${scope.kind === 'owners' ? sql`and owner_id in (${sql.join(scope.ownerIds)})` : sql``}
    order by updated_at, id limit ${options.limit}`.execute(ctx.db)).rows;
  if (orders.length === 0) return [];
  const lines = (await sql<ExchangeOrderLine & { order_id: string }>`
    select order_id, product_id, sku, name, quantity::text as quantity, unit_price::text as unit_price, discount::text as discount, amount::text as amount
    from order_line where workspace_id = ${workspaceId} and order_id in (${sql.join(orders.map((o) => o.id))})
    order by order_id, position`.execute(ctx.db)).rows;
  const byOrder = new Map<string, ExchangeOrderLine[]>();
  for (const { order_id: orderId, ...line } of lines) byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), line]);
  return orders.map((o) => ({ ...o, lines: byOrder.get(o.id) ?? [] }));
}

export type OrderStatusUpdateOutcome =
  | { outcome: 'changed' | 'unchanged'; order_id: string; status: OrderStatus }
  | { outcome: 'not_found' }
  | { outcome: 'refused'; order_id: string; status: OrderStatus; detail: string };

/**
 * Applies the statuses another system reports for an order (found by id, else by number), in the
 * given order: e.g. paid then fulfilled. A status the order already has is no change; a move the
 * lifecycle forbids (cancelling a delivered order) is refused and leaves the order as it was. A
 * delivered order reported paid is marked paid in full, since it can no longer become `paid`.
 */
export async function applyOrderStatusUpdate(
  ctx: ServiceContext, resolve: ResolveRecordType, target: { id?: string; number?: string; statuses: readonly OrderStatus[] },
): Promise<OrderStatusUpdateOutcome> {
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const find = (column: 'id' | 'number', value: string) => tx.selectFrom('sales_order').select(['id', 'status', 'total', 'paid_amount'])
      .where('workspace_id', '=', workspaceId).where(column, '=', value).orderBy('id').forUpdate().executeTakeFirst();
    const isUuid = target.id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(target.id);
    const order = (isUuid ? await find('id', target.id!) : undefined) ?? (target.number ? await find('number', target.number) : undefined);
    if (!order) return { outcome: 'not_found' };
    let status = order.status as OrderStatus;
    let isChanged = false;
    for (const next of target.statuses) {
      if (next === status) continue;
      if (next === 'paid' && status === 'fulfilled') {
        if (Number(order.paid_amount) < Number(order.total)) {
          await updateRecord(ctx, orderRecordType, order.id, { paid_amount: order.total }, resolve);
          isChanged = true;
        }
        continue;
      }
      if (!canMoveOrder(status, next)) {
        return { outcome: 'refused', order_id: order.id, status, detail: `An order that is ${status} can’t become ${next}` };
      }
      await updateRecord(ctx, orderRecordType, order.id, { status: next }, resolve);
      status = next;
      isChanged = true;
    }
    return { outcome: isChanged ? 'changed' : 'unchanged', order_id: order.id, status };
  });
}
