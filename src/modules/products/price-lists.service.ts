import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorize, authorizeConfiguration } from '../../platform/auth/permissions.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { productRecordType } from './products.records.ts';
import './products.tables.ts';

export const PriceListErrors = defineErrors({
  PRICE_LIST_NOT_FOUND: { status: 404, title: 'The price list does not exist' },
  NO_PRICE: { status: 422, title: 'The product has no price in this currency' },
});

const currency = z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as RUB');
const price = z.union([z.number().finite().min(0), z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'Use a decimal amount such as 1500.00')]).transform(String);

export const createPriceListSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  currency,
  is_default: z.boolean().default(false).describe('The list used for this currency when a deal names none'),
});

export const updatePriceListSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  is_default: z.boolean().optional(),
});

export const priceListItemsSchema = z.strictObject({
  items: z.array(z.strictObject({
    product_id: z.uuid().optional(),
    sku: z.string().trim().min(1).max(300).optional(),
    price: price.nullable().describe('null removes the product from the list'),
  }).refine((item) => !!item.product_id !== !!item.sku, 'Name the product by product_id or by sku, not both')).min(1).max(10_000),
});

type PriceListRow = { id: string; name: string; currency: string; is_default: boolean };

const readCatalogue = (ctx: ServiceContext) => authorize(ctx.principal, 'product', 'read');
const configure = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'price_list', 'price lists');

async function loadPriceList(db: Db | Tx, workspaceId: string, id: string): Promise<PriceListRow> {
  const row = await db.selectFrom('price_list').select(['id', 'name', 'currency', 'is_default'])
    .where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw PriceListErrors.PRICE_LIST_NOT_FOUND();
  return row;
}

export async function listPriceLists(ctx: ServiceContext) {
  readCatalogue(ctx);
  const rows = await sql<PriceListRow & { item_count: number }>`
    select l.id, l.name, l.currency, l.is_default, (select count(*)::int from price_list_item i where i.workspace_id = l.workspace_id and i.price_list_id = l.id) as item_count
    from price_list l where l.workspace_id = ${ctx.principal.workspaceId}
    order by l.currency, l.is_default desc, l.name`.execute(ctx.db);
  return { data: rows.rows };
}

/** Only one default list per currency: making one the default unmakes the other. */
async function makeDefault(tx: Tx, workspaceId: string, list: PriceListRow) {
  await tx.updateTable('price_list').set({ is_default: false })
    .where('workspace_id', '=', workspaceId).where('currency', '=', list.currency).where('is_default', '=', true).execute();
  await tx.updateTable('price_list').set({ is_default: true, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', list.id).execute();
}

export async function createPriceList(ctx: ServiceContext, input: z.infer<typeof createPriceListSchema>) {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const id = newId();
    await tx.insertInto('price_list').values({ workspace_id: workspaceId, id, name: input.name, currency: input.currency }).execute();
    const created = { id, name: input.name, currency: input.currency, is_default: false };
    if (input.is_default) await makeDefault(tx, workspaceId, created);
    const after = await loadPriceList(tx, workspaceId, id);
    await recordChange(tx, ctx, { entityType: 'price_list', entityId: id, action: 'create', changes: diffFields(null, after, ['name', 'currency', 'is_default']), event: 'price_list.created' });
    return { ...after, item_count: 0 };
  });
}

export async function updatePriceList(ctx: ServiceContext, id: string, input: z.infer<typeof updatePriceListSchema>) {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const before = await loadPriceList(tx, workspaceId, id);
    if (input.name !== undefined) await tx.updateTable('price_list').set({ name: input.name, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    if (input.is_default === true && !before.is_default) await makeDefault(tx, workspaceId, before);
    if (input.is_default === false) await tx.updateTable('price_list').set({ is_default: false }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    const after = await loadPriceList(tx, workspaceId, id);
    const changes = diffFields(before, after, ['name', 'is_default']);
    if (Object.keys(changes).length > 0) await recordChange(tx, ctx, { entityType: 'price_list', entityId: id, action: 'update', changes, event: 'price_list.updated' });
    const count = await tx.selectFrom('price_list_item').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('price_list_id', '=', id).executeTakeFirstOrThrow();
    return { ...after, item_count: Number(count.n) };
  });
}

export async function deletePriceList(ctx: ServiceContext, id: string) {
  configure(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const before = await loadPriceList(tx, ctx.principal.workspaceId, id);
    await tx.deleteFrom('price_list').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    await recordChange(tx, ctx, { entityType: 'price_list', entityId: id, action: 'delete', changes: diffFields(before, null, ['name', 'currency', 'is_default']), event: 'price_list.deleted' });
  });
}

export async function listPriceListItems(ctx: ServiceContext, id: string, options: { limit: number; cursor?: string }) {
  readCatalogue(ctx);
  await loadPriceList(ctx.db, ctx.principal.workspaceId, id);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await sql<{ product_id: string; name: string; sku: string | null; unit: string; price: string }>`
    select i.product_id, p.name, p.sku, p.unit, i.price::text as price
    from price_list_item i join product p on p.workspace_id = i.workspace_id and p.id = i.product_id
    where i.workspace_id = ${ctx.principal.workspaceId} and i.price_list_id = ${id}
      ${after ? sql`and i.product_id > ${after}` : sql``}
    order by i.product_id limit ${options.limit + 1}`.execute(ctx.db);
  const page = rows.rows.slice(0, options.limit);
  return { data: page, next_cursor: rows.rows.length > options.limit ? encodeCursor(page.at(-1)!.product_id) : null };
}

/**
 * Sets (or, with a null price, removes) the prices of many products at once, naming each by id
 * or SKU. All or nothing: a product that can't be found fails the whole batch with every bad row.
 */
export async function setPriceListItems(ctx: ServiceContext, id: string, input: z.infer<typeof priceListItemsSchema>, fieldPrefix = 'items') {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    await loadPriceList(tx, workspaceId, id);
    const skus = [...new Set(input.items.flatMap((i) => (i.sku ? [i.sku] : [])))];
    const ids = [...new Set(input.items.flatMap((i) => (i.product_id ? [i.product_id] : [])))];
    const found = await tx.selectFrom('product').select(['id', 'sku']).where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([
        ...(ids.length > 0 ? [eb('id', 'in', ids)] : []),
        ...(skus.length > 0 ? [eb('sku', 'in', skus)] : []),
      ])).execute();
    const bySku = new Map<string, string[]>();
    for (const p of found) if (p.sku) bySku.set(p.sku, [...(bySku.get(p.sku) ?? []), p.id]);
    const knownIds = new Set(found.map((p) => p.id));
    const problems: FieldProblem[] = [];
    const prices = new Map<string, string | null>();
    input.items.forEach((item, index) => {
      const field = `${fieldPrefix}.${index}`;
      const matches = item.sku ? bySku.get(item.sku) ?? [] : knownIds.has(item.product_id!) ? [item.product_id!] : [];
      if (matches.length === 0) problems.push({ field, code: 'PRODUCT_NOT_FOUND', message: `No product ${item.sku ? `with SKU "${item.sku}"` : item.product_id}` });
      else if (matches.length > 1) problems.push({ field, code: 'SKU_AMBIGUOUS', message: `${matches.length} products share SKU "${item.sku}"` });
      else prices.set(matches[0]!, item.price);
    });
    if (problems.length > 0) {
      throw PlatformErrors.VALIDATION_FAILED({ field: problems[0]!.field, detail: `${problems.length} row(s) name no product; nothing was changed`, errors: problems.slice(0, 100) });
    }
    const removed = [...prices].filter(([, p]) => p === null).map(([productId]) => productId);
    const set = [...prices].filter(([, p]) => p !== null) as [string, string][];
    if (removed.length > 0) {
      await tx.deleteFrom('price_list_item').where('workspace_id', '=', workspaceId).where('price_list_id', '=', id).where('product_id', 'in', removed).execute();
    }
    for (let i = 0; i < set.length; i += 1000) {
      const chunk = set.slice(i, i + 1000);
      await tx.deleteFrom('price_list_item').where('workspace_id', '=', workspaceId).where('price_list_id', '=', id).where('product_id', 'in', chunk.map(([p]) => p)).execute();
      await tx.insertInto('price_list_item').values(chunk.map(([productId, value]) => ({ workspace_id: workspaceId, price_list_id: id, product_id: productId, price: value }))).execute();
    }
    await recordChange(tx, ctx, {
      entityType: 'price_list', entityId: id, action: 'update', changes: { prices: { after: { set: set.length, removed: removed.length } } }, event: 'price_list.prices_changed',
    });
    return { updated: set.length, removed: removed.length };
  });
}

const SKU_HEADERS = new Set(['sku', 'артикул', 'код', 'code']);
const PRICE_HEADERS = new Set(['price', 'цена', 'стоимость']);

/**
 * Prices from a CSV file with a header row: a SKU column (sku / артикул) and a price column
 * (price / цена), separated by commas or semicolons; a decimal comma is read as a point.
 */
export async function importPriceListCsv(ctx: ServiceContext, id: string, text: string) {
  configure(ctx);
  await loadPriceList(ctx.db, ctx.principal.workspaceId, id);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: `The file is not valid CSV: ${(error as Error).message}` });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const skuAt = header.findIndex((h) => SKU_HEADERS.has(h));
  const priceAt = header.findIndex((h) => PRICE_HEADERS.has(h));
  if (skuAt === -1 || priceAt === -1) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'The header needs a SKU column (sku or артикул) and a price column (price or цена)' });
  }
  const items = rows.slice(1).map((row) => ({ sku: row[skuAt] ?? '', price: (row[priceAt] ?? '').replace(/\s/g, '').replace(',', '.') }));
  if (items.length === 0) throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'The file has no rows under its header' });
  const parsed = priceListItemsSchema.safeParse({ items });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const row = typeof issue.path[1] === 'number' ? issue.path[1] + 2 : undefined;
    throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: `${row ? `Row ${row}: ` : ''}${issue.message}; nothing was changed` });
  }
  return setPriceListItems(ctx, id, parsed.data, 'rows');
}

/** A product's price in every list that has it. */
export async function findProductPrices(ctx: ServiceContext, productId: string) {
  await getRecord(ctx, productRecordType, productId);
  const rows = await sql<{ price_list_id: string; name: string; currency: string; is_default: boolean; price: string }>`
    select l.id as price_list_id, l.name, l.currency, l.is_default, i.price::text as price
    from price_list_item i join price_list l on l.workspace_id = i.workspace_id and l.id = i.price_list_id
    where i.workspace_id = ${ctx.principal.workspaceId} and i.product_id = ${productId}
    order by l.currency, l.is_default desc, l.name`.execute(ctx.db);
  return { data: rows.rows };
}

/**
 * What products cost in a currency, in one query: each one's price in the given price list (which
 * must be in that currency), else in the currency's default list, else its base price when that is
 * in the currency. Products with none map to null; ids not in the catalogue are left out.
 */
export async function pricesFor(db: Db | Tx, workspaceId: string, productIds: readonly string[], inCurrency: string, priceListId?: string): Promise<Map<string, string | null>> {
  if (productIds.length === 0) return new Map();
  const rows = await sql<{ id: string; price: string | null }>`
    select p.id, coalesce(
      (select i.price::text from price_list_item i
         join price_list l on l.workspace_id = i.workspace_id and l.id = i.price_list_id
       where i.workspace_id = p.workspace_id and i.product_id = p.id and l.currency = ${inCurrency}
         and ${priceListId ? sql`l.id = ${priceListId}` : sql`l.is_default`}
       limit 1),
      case when p.currency = ${inCurrency} then p.price::text end) as price
    from product p
    where p.workspace_id = ${workspaceId} and p.id in (${sql.join(productIds)})`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.price]));
}
