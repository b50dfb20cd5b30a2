import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { assertWritableFields, authorizeRecord } from '../../platform/auth/permissions.ts';
import type { Tx } from '../../platform/db/database.ts';
import { PlatformErrors, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { hiddenColumns, type RecordRow } from '../../platform/records/record-type.ts';
import { createRecord, recordEventPayload, updateRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { pricesFor } from '../products/index.ts';
import { matchOrCreatePerson, personMatchSchema } from '../people/index.ts';
import { refreshCustomerTotals } from './customer-totals.service.ts';
import { OrderErrors, orderRecordType, type OrderStatus } from './orders.records.ts';
import './commerce.tables.ts';

const decimal = (digits: number, places: number) =>
  z.union([z.number().finite().nonnegative(), z.string().regex(new RegExp(`^\\d{1,${digits}}(\\.\\d{1,${places}})?$`))]).transform(String);

export const orderLineInputSchema = z.strictObject({
  product_id: z.uuid().nullable().optional(),
  sku: z.string().trim().min(1).max(100).optional().describe('Finds the catalogue product by SKU when no product_id is given'),
  name: z.string().trim().min(1).max(300).optional().describe('Defaults to the product’s name'),
  category: z.string().trim().min(1).max(200).optional().describe('Defaults to the product’s category'),
  quantity: decimal(11, 3).refine((v) => Number(v) > 0, 'The quantity must be above zero'),
  unit_price: decimal(14, 4).optional().describe('Defaults to the product’s price in the order’s currency'),
  discount: decimal(15, 2).default('0').describe('Discount on the whole line, in the order’s currency'),
}).refine((line) => !!line.product_id || !!line.sku || !!line.name, 'A line needs a product, a SKU or a name');

export const orderLinesSchema = z.strictObject({ lines: z.array(orderLineInputSchema).min(1).max(500) });

type LineRow = {
  id: string; position: number; product_id: string | null; sku: string | null; name: string; category: string | null;
  quantity: string; unit_price: string; discount: string; amount: string; returned_quantity: string;
};
type StoredLine = Omit<LineRow, 'id' | 'amount' | 'returned_quantity'>;

async function loadLines(db: ServiceContext['db'], workspaceId: string, orderId: string): Promise<LineRow[]> {
  return (await sql<LineRow>`
    select id, position, product_id, sku, name, category, quantity::text as quantity, unit_price::text as unit_price,
      discount::text as discount, amount::text as amount, returned_quantity::text as returned_quantity
    from order_line where workspace_id = ${workspaceId} and order_id = ${orderId} order by position`.execute(db)).rows;
}

async function loadOrder(ctx: ServiceContext, orderId: string, action: 'read' | 'update', forUpdate = false) {
  let query = ctx.db.selectFrom('sales_order').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', orderId);
  if (forUpdate) query = query.forUpdate();
  const order = await query.executeTakeFirst();
  if (!order) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'order', action, order.owner_id);
  return order as unknown as RecordRow & { status: OrderStatus; currency: string; total: string; person_id: string | null; number: string };
}

/** Lines as a reader sees them: without money when the order's total is hidden from them. */
function presentLines(ctx: ServiceContext, lines: LineRow[]) {
  const isMoneyVisible = !hiddenColumns(ctx.principal, orderRecordType).has('total');
  return lines.map((l) => ({
    id: l.id, product_id: l.product_id, sku: l.sku, name: l.name, category: l.category,
    quantity: Number(l.quantity), returned_quantity: Number(l.returned_quantity),
    ...(isMoneyVisible ? { unit_price: l.unit_price, discount: l.discount, amount: l.amount } : {}),
  }));
}

export async function getOrderLines(ctx: ServiceContext, orderId: string) {
  await loadOrder(ctx, orderId, 'read');
  return { data: presentLines(ctx, await loadLines(ctx.db, ctx.principal.workspaceId, orderId)) };
}

/**
 * Turns input lines into stored ones: products found by id or SKU lend their name, category and
 * price in the order's currency. Every bad line is named (`lines.N.field`), none is written.
 */
async function resolveLines(tx: Tx, workspaceId: string, currency: string, input: z.infer<typeof orderLineInputSchema>[]): Promise<StoredLine[]> {
  const ids = [...new Set(input.flatMap((l) => (l.product_id ? [l.product_id] : [])))];
  const skus = [...new Set(input.flatMap((l) => (!l.product_id && l.sku ? [l.sku] : [])))];
  const products = ids.length + skus.length === 0 ? [] : await tx.selectFrom('product').select(['id', 'sku', 'name', 'category'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([...(ids.length > 0 ? [eb('id', 'in', ids)] : []), ...(skus.length > 0 ? [eb('sku', 'in', skus)] : [])]))
    .execute();
  const byId = new Map(products.map((p) => [p.id, p]));
  const bySku = new Map(products.filter((p) => p.sku).map((p) => [p.sku!, p]));
  const problems: FieldProblem[] = [];
  const found = input.map((line, index) => {
    const product = line.product_id ? byId.get(line.product_id) : line.sku ? bySku.get(line.sku) : undefined;
    if (line.product_id && !product) problems.push({ field: `lines.${index}.product_id`, code: 'PRODUCT_NOT_FOUND', message: 'No such product' });
    if (!product && !line.name) problems.push({ field: `lines.${index}.name`, code: 'REQUIRED', message: `No product with SKU ${line.sku}; give the line a name` });
    return product;
  });
  const unpriced = [...new Set(input.flatMap((l, i) => (l.unit_price === undefined && found[i] ? [found[i].id] : [])))];
  const catalogue = unpriced.length > 0 ? await pricesFor(tx, workspaceId, unpriced, currency) : new Map<string, string | null>();
  const lines = input.map((line, index): StoredLine => {
    const product = found[index];
    const unitPrice = line.unit_price ?? (product ? catalogue.get(product.id) ?? null : null);
    if (unitPrice === null) {
      problems.push({ field: `lines.${index}.unit_price`, code: 'NO_PRICE', message: `${product?.name ?? line.name} has no price in ${currency}; give one` });
    } else if (Number(line.discount) > Number(line.quantity) * Number(unitPrice)) {
      problems.push({ field: `lines.${index}.discount`, code: 'DISCOUNT_TOO_LARGE', message: 'The discount is larger than the line' });
    }
    return {
      position: index, product_id: product?.id ?? null, sku: line.sku ?? product?.sku ?? null, name: line.name ?? product?.name ?? '',
      category: line.category ?? product?.category ?? null, quantity: line.quantity, unit_price: unitPrice ?? '0', discount: line.discount,
    };
  });
  if (problems.length > 0) throw PlatformErrors.VALIDATION_FAILED({ field: problems[0]!.field, detail: problems[0]!.message, errors: problems });
  return lines;
}

const lineKey = (l: Pick<StoredLine, 'product_id' | 'sku' | 'name' | 'category' | 'quantity' | 'unit_price' | 'discount'>) =>
  [l.product_id, l.sku, l.name, l.category, Number(l.quantity), Number(l.unit_price).toFixed(4), Number(l.discount).toFixed(2)].join('|');
const lineSummary = (lines: Pick<StoredLine, 'name' | 'quantity' | 'unit_price'>[]) => lines.map((l) => `${l.name} × ${Number(l.quantity)} @ ${l.unit_price}`);

/**
 * Replaces an order's lines and recomputes its total, in the caller's transaction. Lines are fixed
 * once the order is fulfilled, cancelled or returned, except when the order is new (`isNew`).
 * Returns whether anything changed: the same lines again (a retried upsert) change nothing.
 */
async function writeLines(tx: Tx, ctx: ServiceContext, order: Awaited<ReturnType<typeof loadOrder>>, input: z.infer<typeof orderLineInputSchema>[], isNew: boolean): Promise<boolean> {
  const workspaceId = ctx.principal.workspaceId;
  const lines = await resolveLines(tx, workspaceId, order.currency, input);
  const before = await loadLines(tx, workspaceId, order.id);
  if (before.length === lines.length && before.every((l, i) => lineKey(l) === lineKey(lines[i]!))) return false;
  if (!isNew && !['created', 'paid'].includes(order.status)) {
    throw OrderErrors.ORDER_LOCKED({ field: 'lines', detail: `The order is ${order.status}: its lines are final; record a return instead` });
  }
  await tx.deleteFrom('order_line').where('workspace_id', '=', workspaceId).where('order_id', '=', order.id).execute();
  await tx.insertInto('order_line').values(lines.map((l) => ({ ...l, workspace_id: workspaceId, order_id: order.id, id: newId() }))).execute();
  const after = (await sql<{ total: string; discount_total: string; paid_amount: string; status: string }>`
    update sales_order o set
      total = t.total, discount_total = t.discount_total, updated_at = now(),
      -- An order marked paid in full stays paid in full when its lines change before fulfilment.
      paid_amount = case when o.status = 'paid' and o.paid_amount = o.total then t.total else o.paid_amount end
    from (select coalesce(sum(amount), 0) as total, coalesce(sum(discount), 0) as discount_total
          from order_line where workspace_id = ${workspaceId} and order_id = ${order.id}) t
    where o.workspace_id = ${workspaceId} and o.id = ${order.id}
    returning o.total::text as total, o.discount_total::text as discount_total, o.paid_amount::text as paid_amount, o.status`.execute(tx)).rows[0]!;
  const changes: Record<string, { before: unknown; after: unknown }> = { lines: { before: lineSummary(before), after: lineSummary(lines) } };
  if (Number(after.total) !== Number(order.total)) changes.total = { before: order.total, after: after.total };
  const row = { ...order, ...after } as RecordRow;
  await recordChange(tx, ctx, { entityType: 'order', entityId: order.id, action: 'update', changes, event: 'order.updated', payload: recordEventPayload(orderRecordType, row, changes) });
  await refreshCustomerTotals(tx, workspaceId, [order.person_id]);
  return true;
}

export async function setOrderLines(ctx: ServiceContext, orderId: string, input: z.infer<typeof orderLinesSchema>) {
  assertWritableFields(ctx.principal, 'order', { total: true });
  return inTransaction(ctx, async (tx, ctx) => {
    const order = await loadOrder(ctx, orderId, 'update', true);
    await writeLines(tx, ctx, order, input.lines, false);
    return { data: presentLines(ctx, await loadLines(tx, ctx.principal.workspaceId, orderId)) };
  });
}

export const upsertOrderSchema = z.strictObject({
  number: z.string().trim().min(1).max(300).optional(),
  person_id: z.uuid().nullable().optional(),
  customer: personMatchSchema.optional().describe('Who bought: matched to a person by email or phone, or created. Ignored when person_id is given'),
  company_id: z.uuid().nullable().optional(),
  status: z.enum(['created', 'paid', 'fulfilled', 'cancelled', 'returned']).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as RUB').optional(),
  channel: z.string().optional(),
  store: z.string().trim().min(1).max(300).nullable().optional(),
  payment_method: z.string().nullable().optional(),
  placed_at: z.iso.datetime({ offset: true }).optional(),
  paid_amount: decimal(15, 2).optional(),
  lines: z.array(orderLineInputSchema).min(1).max(500),
});

/**
 * Creates or updates the order with this external id, lines included, in one transaction. The
 * same request again changes nothing, so a shop may resend an order until it hears back.
 */
export async function upsertOrder(ctx: ServiceContext, resolve: ResolveRecordType, externalId: string, input: z.infer<typeof upsertOrderSchema>) {
  return inTransaction(ctx, async (tx, ctx) => {
    const { lines, customer, ...fields } = input;
    const values: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (values.person_id === undefined && customer) values.person_id = (await matchOrCreatePerson(ctx, resolve, customer, 'order')).id;
    // Serialises concurrent upserts of one external id: the second waits, then finds the first's order.
    await sql`select pg_advisory_xact_lock(hashtext(${ctx.principal.workspaceId}::text || ':order:' || ${externalId}))`.execute(tx);
    const existing = await tx.selectFrom('sales_order').select('id').where('workspace_id', '=', ctx.principal.workspaceId)
      .where('external_id', '=', externalId).executeTakeFirst();
    const { status, ...rest } = values;
    let id: string;
    let isCreated = false;
    if (existing) {
      id = existing.id;
      // Lines first while the order may still take them; then the status, which may lock them.
      const order = await loadOrder(ctx, id, 'update', true);
      await writeLines(tx, ctx, order, lines, false);
      await updateRecord(ctx, orderRecordType, id, { ...rest, ...(status ? { status } : {}) }, resolve);
    } else {
      const created = await createRecord(ctx, orderRecordType, { ...rest, external_id: externalId, status: 'created' }, resolve);
      id = created.id as string;
      isCreated = true;
      await writeLines(tx, ctx, await loadOrder(ctx, id, 'update', true), lines, true);
      if (status && status !== 'created') await updateRecord(ctx, orderRecordType, id, { status }, resolve);
    }
    const order = await loadOrder(ctx, id, 'read');
    return { id, is_created: isCreated, status: order.status, total: order.total };
  });
}

export const orderReturnSchema = z.strictObject({
  external_id: z.string().trim().min(1).max(200).optional().describe('The return’s id where it came from: the same id again returns nothing more'),
  reason: z.string().trim().min(1).max(1000).optional(),
  returned_at: z.iso.datetime({ offset: true }).optional(),
  lines: z.array(z.strictObject({
    line_id: z.uuid(),
    quantity: decimal(11, 3).refine((v) => Number(v) > 0, 'The quantity must be above zero'),
  })).min(1).max(500),
});

const presentReturn = (r: { id: string; external_id: string | null; order_id: string | null; currency: string; returned_at: Date | string; reason: string | null; total: string }) => ({
  id: r.id, external_id: r.external_id, order_id: r.order_id, currency: r.currency,
  returned_at: new Date(r.returned_at).toISOString(), reason: r.reason, total: String(r.total),
});

/**
 * Records goods brought back: each line's returned quantity grows, the refund is the line's
 * amount in proportion (discounts included), and an order whose every line is back becomes
 * returned. The customer's revenue drops by the refund.
 */
export async function createOrderReturn(ctx: ServiceContext, orderId: string, input: z.infer<typeof orderReturnSchema>) {
  assertWritableFields(ctx.principal, 'order', { status: true });
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const order = await loadOrder(ctx, orderId, 'update', true);
    if (input.external_id) {
      const earlier = await tx.selectFrom('order_return').selectAll().where('workspace_id', '=', workspaceId).where('external_id', '=', input.external_id).executeTakeFirst();
      if (earlier) {
        if (earlier.order_id !== orderId) throw PlatformErrors.CONFLICT({ field: 'external_id', detail: 'A return of another order has this external id' });
        return { ...presentReturn(earlier), is_created: false };
      }
    }
    if (!['paid', 'fulfilled'].includes(order.status)) {
      throw OrderErrors.ORDER_STATUS_NOT_ALLOWED({ field: 'status', detail: `Only paid or fulfilled orders take returns; this one is ${order.status}` });
    }
    const lines = new Map((await loadLines(tx, workspaceId, orderId)).map((l) => [l.id, l]));
    const problems: FieldProblem[] = [];
    const wanted = new Map<string, number>();
    input.lines.forEach((line, index) => {
      const stored = lines.get(line.line_id);
      if (!stored) return void problems.push({ field: `lines.${index}.line_id`, code: 'LINE_NOT_FOUND', message: 'No such line on this order' });
      const total = (wanted.get(line.line_id) ?? 0) + Number(line.quantity);
      if (total > Number(stored.quantity) - Number(stored.returned_quantity)) {
        problems.push({ field: `lines.${index}.quantity`, code: 'ORDER_RETURN_EXCEEDS', message: `At most ${Number(stored.quantity) - Number(stored.returned_quantity)} of ${stored.name} can still be returned` });
      }
      wanted.set(line.line_id, total);
    });
    if (problems.length > 0) throw OrderErrors.ORDER_RETURN_EXCEEDS({ field: problems[0]!.field, detail: problems[0]!.message, errors: problems });

    const returnId = newId();
    const returnLines = [...wanted].map(([lineId, quantity]) => {
      const l = lines.get(lineId)!;
      const amount = Math.round((Number(l.amount) * quantity / Number(l.quantity)) * 100) / 100;
      return { workspace_id: workspaceId, return_id: returnId, id: newId(), order_line_id: lineId, product_id: l.product_id, sku: l.sku, name: l.name, quantity: String(quantity), amount: amount.toFixed(2) };
    });
    const total = returnLines.reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0) / 100;
    const stored = await tx.insertInto('order_return').values({
      workspace_id: workspaceId, id: returnId, external_id: input.external_id ?? null, order_id: orderId, person_id: order.person_id,
      currency: order.currency, returned_at: input.returned_at ?? new Date(), reason: input.reason ?? null, total: total.toFixed(2),
    }).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('order_return_line').values(returnLines).execute();
    for (const l of returnLines) {
      await sql`update order_line set returned_quantity = returned_quantity + ${l.quantity}::numeric
        where workspace_id = ${workspaceId} and id = ${l.order_line_id}`.execute(tx);
    }
    const after = (await sql<{ status: OrderStatus; returned_total: string }>`
      update sales_order o set returned_total = o.returned_total + ${total.toFixed(2)}::numeric, updated_at = now(),
        status = case when not exists (
          select 1 from order_line l where l.workspace_id = o.workspace_id and l.order_id = o.id and l.returned_quantity < l.quantity)
          then 'returned' else o.status end
      where o.workspace_id = ${workspaceId} and o.id = ${orderId}
      returning o.status, o.returned_total::text as returned_total`.execute(tx)).rows[0]!;
    const changes: Record<string, { before: unknown; after: unknown }> = {
      returned_total: { before: order.returned_total, after: after.returned_total },
      ...(after.status !== order.status ? { status: { before: order.status, after: after.status } } : {}),
      returned: { before: null, after: lineSummary(returnLines.map((l) => ({ name: l.name, quantity: l.quantity, unit_price: l.amount }))) },
    };
    await recordChange(tx, ctx, {
      entityType: 'order', entityId: orderId, action: 'return', changes, event: 'order.returned',
      payload: { ...recordEventPayload(orderRecordType, { ...order, ...after } as RecordRow, changes), return_id: returnId, total: total.toFixed(2) },
    });
    await refreshCustomerTotals(tx, workspaceId, [order.person_id]);
    return { ...presentReturn(stored), is_created: true };
  });
}

export async function listOrderReturns(ctx: ServiceContext, orderId: string) {
  await loadOrder(ctx, orderId, 'read');
  const returns = await ctx.db.selectFrom('order_return').selectAll().where('workspace_id', '=', ctx.principal.workspaceId)
    .where('order_id', '=', orderId).orderBy('returned_at').execute();
  return { data: returns.map(presentReturn) };
}
