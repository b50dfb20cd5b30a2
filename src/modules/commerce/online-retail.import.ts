import fs from 'node:fs';
import { once } from 'node:events';
import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { authorize } from '../../platform/auth/permissions.ts';
import { writeAudit } from '../../platform/audit/audit.service.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { eventRow } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { ResolveRecordType } from '../../platform/records/records.service.ts';
import { openCsv } from '../imports/index.ts';
import { findOrCreatePeopleByIdentity } from '../people/index.ts';
import { refreshCustomerTotals } from './customer-totals.service.ts';
import './commerce.tables.ts';

/**
 * The UCI Online Retail data set (Chen, Sahagian & Guo 2012): a UK online shop's invoice lines,
 * December 2010 to December 2011, in GBP, one row per line. How it becomes a workspace's orders
 * is described in docs/commerce.md.
 */
export const ONLINE_RETAIL_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
export const ONLINE_RETAIL_IDENTITY = 'online_retail';
const CURRENCY = 'GBP';
const STORE_TIME_ZONE = 'Europe/London';
/** Invoices written per transaction. */
const BATCH_INVOICES = 1_000;

interface RetailLine {
  rowNumber: number;
  stockCode: string;
  description: string;
  quantity: number;
  unitPrice: string;
}

interface RetailInvoice {
  number: string;
  /** A "C…" invoice: goods coming back (the data set's cancellations are credit notes). */
  isReturn: boolean;
  placedAt: string;
  customerId: string | null;
  country: string;
  lines: RetailLine[];
}

export interface RetailRejection {
  row: number;
  invoice: string;
  column: string;
  value: string;
  code: string;
  reason: string;
}

export interface RetailImportOutcome {
  rows: number;
  rows_rejected: number;
  orders_created: number;
  orders_already_imported: number;
  anonymous_orders: number;
  returns_created: number;
  returns_traced_to_orders: number;
  returns_already_imported: number;
  products_created: number;
  customers: number;
  rejected_by_reason: Record<string, number>;
  seconds: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(:\d{2})?$/;
const PRICE = /^\d{1,12}(\.\d{1,6})?$/;

/** Checks one row, returning its line or the reason it is left out. */
function readRow(cells: string[], rowNumber: number): { line: RetailLine; invoice: Omit<RetailInvoice, 'lines'> } | RetailRejection {
  const [invoiceNo = '', stockCode = '', description = '', quantityText = '', date = '', price = '', customer = '', country = ''] = cells.map((c) => c.trim());
  const reject = (column: string, value: string, code: string, reason: string): RetailRejection => ({ row: rowNumber, invoice: invoiceNo, column, value, code, reason });
  if (!invoiceNo) return reject('InvoiceNo', invoiceNo, 'NO_INVOICE', 'The row names no invoice');
  if (!stockCode) return reject('StockCode', stockCode, 'NO_STOCK_CODE', 'The row names no product');
  const isReturn = invoiceNo.startsWith('C');
  const quantity = Number(quantityText);
  if (!Number.isInteger(quantity) || quantity === 0) return reject('Quantity', quantityText, 'BAD_QUANTITY', 'The quantity is not a whole number other than zero');
  if (!isReturn && quantity < 0) return reject('Quantity', quantityText, 'NEGATIVE_QUANTITY', 'A negative quantity outside a cancellation invoice (a stock adjustment, not a sale)');
  if (isReturn && quantity > 0) return reject('Quantity', quantityText, 'POSITIVE_QUANTITY_IN_CANCELLATION', 'A cancellation invoice line that adds goods');
  if (!PRICE.test(price) || Number(price) <= 0) return reject('UnitPrice', price, 'PRICE_NOT_POSITIVE', 'The unit price is zero or negative');
  if (!DATE.test(date)) return reject('InvoiceDate', date, 'BAD_DATE', 'Not a date and time as YYYY-MM-DD HH:MM');
  // Customer ids come as floats ("17850.0") from the spreadsheet the file was exported from.
  const customerId = customer === '' ? null : customer.replace(/\.0+$/, '');
  if (customerId !== null && !/^\d{1,12}$/.test(customerId)) return reject('CustomerID', customer, 'BAD_CUSTOMER', 'Not a customer number');
  return {
    line: { rowNumber, stockCode, description: description || stockCode, quantity: Math.abs(quantity), unitPrice: price },
    invoice: { number: invoiceNo, isReturn, placedAt: date, customerId, country },
  };
}

/**
 * Reads the file as a stream and yields whole invoices (the file keeps an invoice's rows
 * together) and rejected rows, so the file never sits in memory.
 */
async function* readInvoices(filePath: string, rejected: (r: RetailRejection) => void): AsyncGenerator<RetailInvoice> {
  const csv = openCsv({ path: filePath, delimiter: ',' });
  let current: RetailInvoice | null = null;
  let rowNumber = 0;
  try {
    for await (const cells of csv.records as AsyncIterable<string[]>) {
      rowNumber += 1;
      if (rowNumber === 1) {
        if (ONLINE_RETAIL_HEADER.some((name, i) => cells[i]?.trim() !== name)) {
          throw new Error(`Not the Online Retail file: the header must be ${ONLINE_RETAIL_HEADER.join(',')}`);
        }
        continue;
      }
      const read = readRow(cells, rowNumber);
      if ('code' in read) {
        rejected(read);
        continue;
      }
      if (current && current.number !== read.invoice.number) {
        yield current;
        current = null;
      }
      current ??= { ...read.invoice, lines: [] };
      current.lines.push(read.line);
    }
    if (current) yield current;
  } finally {
    csv.close();
  }
}

/**
 * Imports the Online Retail file into a workspace as customers, products, orders and returns,
 * a batch of invoices per transaction. Orders and returns are keyed by invoice number, customers
 * by their number in the shop, products by stock code: a second run, or a run after a crash,
 * adds only what is missing.
 */
export async function importOnlineRetail(
  ctx: ServiceContext,
  resolve: ResolveRecordType,
  options: { filePath: string; errorReportPath: string; onProgress?: (outcome: RetailImportOutcome) => void },
): Promise<RetailImportOutcome> {
  for (const type of ['order', 'product', 'person'] as const) authorize(ctx.principal, type, 'create');
  const started = performance.now();
  const outcome: RetailImportOutcome = {
    rows: 0, rows_rejected: 0, orders_created: 0, orders_already_imported: 0, anonymous_orders: 0, returns_created: 0,
    returns_traced_to_orders: 0, returns_already_imported: 0, products_created: 0, customers: 0, rejected_by_reason: {}, seconds: 0,
  };
  const report = fs.createWriteStream(options.errorReportPath);
  report.write(stringify([['row', 'invoice', 'column', 'value', 'code', 'reason']]));
  const customers = new Set<string>();
  const onRejected = (r: RetailRejection) => {
    outcome.rows_rejected += 1;
    outcome.rejected_by_reason[r.code] = (outcome.rejected_by_reason[r.code] ?? 0) + 1;
    report.write(stringify([[r.row, r.invoice, r.column, r.value, r.code, r.reason]]));
  };
  try {
    // A few invoices have their rows split by another's (542806 is one): rows of one number in a
    // batch make one invoice, and rows in a later batch of this run are added to its order.
    let batch = new Map<string, RetailInvoice>();
    const writtenThisRun = new Set<string>();
    const flush = async () => {
      if (batch.size === 0) return;
      const invoices = [...batch.values()];
      batch = new Map();
      await ctx.db.transaction().execute((tx) => writeBatch(tx, { ...ctx, db: tx }, resolve, invoices, writtenThisRun, outcome));
      for (const invoice of invoices) writtenThisRun.add(invoice.number);
      for (const invoice of invoices) if (invoice.customerId) customers.add(invoice.customerId);
      outcome.customers = customers.size;
      outcome.seconds = (performance.now() - started) / 1000;
      options.onProgress?.(outcome);
    };
    for await (const invoice of readInvoices(options.filePath, onRejected)) {
      outcome.rows += invoice.lines.length;
      const earlier = batch.get(invoice.number);
      if (earlier) earlier.lines.push(...invoice.lines);
      else batch.set(invoice.number, invoice);
      if (batch.size >= BATCH_INVOICES) await flush();
    }
    await flush();
  } finally {
    report.end();
    await once(report, 'close');
  }
  outcome.rows += outcome.rows_rejected;
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

async function writeBatch(
  tx: Tx, ctx: ServiceContext, resolve: ResolveRecordType, invoices: RetailInvoice[], writtenThisRun: ReadonlySet<string>, outcome: RetailImportOutcome,
): Promise<void> {
  const workspaceId = ctx.principal.workspaceId;

  // Products by stock code; a new one takes the first description and price it is sold at.
  const firstSeen = new Map<string, RetailLine>();
  for (const invoice of invoices) for (const line of invoice.lines) if (!firstSeen.has(line.stockCode)) firstSeen.set(line.stockCode, line);
  const productIds = new Map((await sql<{ id: string; sku: string }>`
    select id, sku from product where workspace_id = ${workspaceId} and sku = any(${[...firstSeen.keys()]}::text[])`.execute(tx)).rows.map((r) => [r.sku, r.id]));
  const newProducts = [...firstSeen.values()].filter((l) => !productIds.has(l.stockCode))
    .map((l) => ({ id: newId(), sku: l.stockCode, name: l.description, price: l.unitPrice }));
  if (newProducts.length > 0) {
    await sql`insert into product (workspace_id, id, owner_id, name, sku, price, currency)
      select ${workspaceId}, x.id, ${ctx.principal.userId}, x.name, x.sku, x.price, ${CURRENCY}
      from jsonb_to_recordset(${JSON.stringify(newProducts)}::jsonb) as x(id uuid, sku text, name text, price numeric)`.execute(tx);
    for (const p of newProducts) productIds.set(p.sku, p.id);
    await writeAudit(tx, ctx, { entityType: 'product', entityId: null, action: 'import', changes: { source: { after: 'online_retail' }, created: { after: newProducts.map((p) => p.id) } } });
    outcome.products_created += newProducts.length;
  }

  // Customers by their number in the shop, created through the people service.
  const countryOf = new Map<string, string>();
  for (const invoice of invoices) if (invoice.customerId && !countryOf.has(invoice.customerId)) countryOf.set(invoice.customerId, invoice.country);
  const people = await findOrCreatePeopleByIdentity(ctx, resolve, ONLINE_RETAIL_IDENTITY, [...countryOf.keys()], (customerId) => ({
    first_name: `Customer ${customerId}`, address: countryOf.get(customerId) || null, source: 'Online Retail',
  }));
  const personOf = (invoice: RetailInvoice) => (invoice.customerId ? people.get(invoice.customerId)! : null);

  const sales = invoices.filter((i) => !i.isReturn);
  const created = await insertOrders(ctx, sales, personOf);
  outcome.orders_created += created.size;
  outcome.anonymous_orders += sales.filter((i) => created.has(i.number) && !i.customerId).length;
  const continued = await continuedOrders(tx, workspaceId, sales.filter((i) => !created.has(i.number) && writtenThisRun.has(i.number)));
  outcome.orders_already_imported += sales.length - created.size - continued.size;
  const written = new Map([...created, ...[...continued].map(([number, o]) => [number, o.id] as const)]);
  const lines = sales.filter((i) => written.has(i.number)).flatMap((invoice) => invoice.lines.map((line, index) => ({
    id: newId(), order_id: written.get(invoice.number)!, position: (continued.get(invoice.number)?.lines ?? 0) + index,
    product_id: productIds.get(line.stockCode)!, sku: line.stockCode, name: line.description, quantity: line.quantity, unit_price: line.unitPrice,
  })));
  if (lines.length > 0) {
    await sql`insert into order_line (workspace_id, order_id, id, position, product_id, sku, name, quantity, unit_price)
      select ${workspaceId}, x.order_id, x.id, x.position, x.product_id, x.sku, x.name, x.quantity, x.unit_price
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
        as x(order_id uuid, id uuid, position int, product_id uuid, sku text, name text, quantity numeric, unit_price numeric)`.execute(tx);
    // Each sale was paid when invoiced: the whole total.
    await sql`update sales_order o set total = t.total, paid_amount = t.total
      from (select order_id, sum(amount) as total from order_line where workspace_id = ${workspaceId} and order_id = any(${[...written.values()]}::uuid[]) group by order_id) t
      where o.workspace_id = ${workspaceId} and o.id = t.order_id`.execute(tx);
  }

  const returns = invoices.filter((i) => i.isReturn);
  const traced = await insertReturns(ctx, returns, personOf, productIds, outcome);

  // One audit entry for the batch's orders; one order.created event per order, so timelines
  // and subscribers see each purchase, marked as imported history.
  if (created.size > 0) {
    await writeAudit(tx, ctx, { entityType: 'order', entityId: null, action: 'import', changes: { source: { after: 'online_retail' }, created: { after: [...created.values()] } } });
    const events = sales.filter((i) => created.has(i.number)).map((invoice) => eventRow(ctx, {
      name: 'order.created', entityType: 'order', entityId: created.get(invoice.number)!,
      payload: {
        changes: {}, owner_id: ctx.principal.userId, title: invoice.number, via: 'import',
        references: personOf(invoice) ? { person_id: { type: 'person', id: personOf(invoice)! } } : {},
      },
    }));
    for (let i = 0; i < events.length; i += 2_000) await tx.insertInto('domain_event').values(events.slice(i, i + 2_000)).execute();
  }
  if (traced.length > 0) {
    const events = traced.map((t) => eventRow(ctx, {
      name: 'order.returned', entityType: 'order', entityId: t.orderId,
      payload: { changes: {}, owner_id: ctx.principal.userId, title: t.number, via: 'import', return_id: t.returnId, references: t.personId ? { person_id: { type: 'person', id: t.personId } } : {} },
    }));
    await tx.insertInto('domain_event').values(events).execute();
  }
  await refreshCustomerTotals(tx, workspaceId, [...new Set(invoices.map(personOf))]);
}

/** Orders this run wrote in an earlier batch, with how many lines they have, for invoices whose rows come back later. */
async function continuedOrders(tx: Tx, workspaceId: string, sales: RetailInvoice[]): Promise<Map<string, { id: string; lines: number }>> {
  if (sales.length === 0) return new Map();
  const rows = await sql<{ id: string; external_id: string; lines: number }>`
    select o.id, o.external_id, (select count(*)::int from order_line l where l.workspace_id = o.workspace_id and l.order_id = o.id) as lines
    from sales_order o where o.workspace_id = ${workspaceId} and o.external_id = any(${sales.map((i) => i.number)}::text[])`.execute(tx);
  return new Map(rows.rows.map((r) => [r.external_id, { id: r.id, lines: r.lines }]));
}

/** Inserts the sales not imported before; returns invoice number → new order id for those. */
async function insertOrders(ctx: ServiceContext, sales: RetailInvoice[], personOf: (i: RetailInvoice) => string | null): Promise<Map<string, string>> {
  if (sales.length === 0) return new Map();
  const rows = sales.map((i) => ({ id: newId(), number: i.number, person_id: personOf(i), placed_at: i.placedAt }));
  const inserted = await sql<{ id: string; number: string }>`
    insert into sales_order (workspace_id, id, owner_id, external_id, number, person_id, status, currency, channel, store,
      placed_at, paid_at, fulfilled_at)
    select ${ctx.principal.workspaceId}, x.id, ${ctx.principal.userId}, x.number, x.number, x.person_id, 'fulfilled', ${CURRENCY}, 'online',
      'Online Retail', t.at, t.at, t.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, number text, person_id uuid, placed_at timestamp)
    cross join lateral (select x.placed_at at time zone ${STORE_TIME_ZONE} as at) t
    on conflict (workspace_id, external_id) where external_id is not null do nothing
    returning id, number`.execute(ctx.db);
  return new Map(inserted.rows.map((r) => [r.number, r.id]));
}

/**
 * Inserts the credit notes not imported before and traces each line to the customer's latest
 * earlier order of that product with enough left to return; a return all of whose lines lead to
 * one order belongs to it. Lines that lead nowhere (bought before the data set begins) still
 * reduce the customer's revenue through the return itself.
 */
async function insertReturns(
  ctx: ServiceContext, returns: RetailInvoice[], personOf: (i: RetailInvoice) => string | null, productIds: Map<string, string>, outcome: RetailImportOutcome,
): Promise<{ orderId: string; returnId: string; personId: string | null; number: string }[]> {
  if (returns.length === 0) return [];
  const tx = ctx.db;
  const workspaceId = ctx.principal.workspaceId;
  const rows = returns.map((i) => ({ id: newId(), number: i.number, person_id: personOf(i), returned_at: i.placedAt, total: cents(i.lines) / 100 }));
  const inserted = new Map((await sql<{ id: string; external_id: string }>`
    insert into order_return (workspace_id, id, external_id, person_id, currency, returned_at, reason, total)
    select ${workspaceId}, x.id, x.number, x.person_id, ${CURRENCY}, x.returned_at at time zone ${STORE_TIME_ZONE}, 'Cancellation invoice', x.total
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, number text, person_id uuid, returned_at timestamp, total numeric)
    on conflict (workspace_id, external_id) where external_id is not null do nothing
    returning id, external_id`.execute(tx)).rows.map((r) => [r.external_id, r.id]));
  outcome.returns_created += inserted.size;
  outcome.returns_already_imported += returns.length - inserted.size;

  const traced: { orderId: string; returnId: string; personId: string | null; number: string }[] = [];
  for (const invoice of returns.filter((i) => inserted.has(i.number))) {
    const returnId = inserted.get(invoice.number)!;
    const personId = personOf(invoice);
    const orders = new Set<string | null>();
    const lines = [];
    for (const line of invoice.lines) {
      const productId = productIds.get(line.stockCode)!;
      const match = personId ? (await sql<{ id: string; order_id: string }>`
        select l.id, l.order_id from order_line l join sales_order o on o.workspace_id = l.workspace_id and o.id = l.order_id
        where l.workspace_id = ${workspaceId} and l.product_id = ${productId} and o.person_id = ${personId}
          and o.placed_at <= ${invoice.placedAt}::timestamp at time zone ${STORE_TIME_ZONE}
          and l.quantity - l.returned_quantity >= ${line.quantity}
        order by o.placed_at desc limit 1 for update of l`.execute(tx)).rows[0] : undefined;
      if (match) {
        await sql`update order_line set returned_quantity = returned_quantity + ${line.quantity} where workspace_id = ${workspaceId} and id = ${match.id}`.execute(tx);
      }
      orders.add(match?.order_id ?? null);
      lines.push({
        id: newId(), order_line_id: match?.id ?? null, product_id: productId, sku: line.stockCode, name: line.description,
        quantity: line.quantity, amount: cents([line]) / 100, order_id: match?.order_id ?? null,
      });
    }
    await sql`insert into order_return_line (workspace_id, return_id, id, order_line_id, product_id, sku, name, quantity, amount)
      select ${workspaceId}, ${returnId}, x.id, x.order_line_id, x.product_id, x.sku, x.name, x.quantity, x.amount
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
        as x(id uuid, order_line_id uuid, product_id uuid, sku text, name text, quantity numeric, amount numeric)`.execute(tx);
    const byOrder = new Map<string, number>();
    for (const l of lines) if (l.order_id) byOrder.set(l.order_id, (byOrder.get(l.order_id) ?? 0) + Math.round(l.amount * 100));
    for (const [orderId, amount] of byOrder) {
      await sql`update sales_order o set returned_total = o.returned_total + ${amount / 100},
          status = case when not exists (select 1 from order_line l where l.workspace_id = o.workspace_id and l.order_id = o.id and l.returned_quantity < l.quantity)
            then 'returned' else o.status end
        where o.workspace_id = ${workspaceId} and o.id = ${orderId}`.execute(tx);
    }
    const [only] = orders;
    if (orders.size === 1 && only) {
      await sql`update order_return set order_id = ${only} where workspace_id = ${workspaceId} and id = ${returnId}`.execute(tx);
      traced.push({ orderId: only, returnId, personId, number: invoice.number });
      outcome.returns_traced_to_orders += 1;
    }
  }
  return traced;
}

/**
 * The lines' worth in pence, each line rounded half away from zero as the database rounds the
 * order lines' amounts (numeric, not floats: 0.1 × 3 must be 30 pence, not 30.000000000000004).
 */
function cents(lines: RetailLine[]): number {
  let total = 0n;
  for (const line of lines) {
    const [whole = '0', fraction = ''] = line.unitPrice.split('.');
    const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
    total += (BigInt(line.quantity) * micros + 5_000n) / 10_000n;
  }
  return Number(total);
}
