import { sql } from 'kysely';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorizeConfiguration } from '../../platform/auth/permissions.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { createRecord, updateRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { productRecordType } from './products.records.ts';
import './products.tables.ts';

/** A product as another system (1C) describes it; fields left undefined are not touched. */
export interface CatalogueItem {
  external_id: string;
  name: string;
  sku?: string | null;
  unit?: string;
  description?: string | null;
  category?: string | null;
  is_active?: boolean;
}

export interface CatalogueSyncOutcome {
  created: string[];
  updated: string[];
  unchanged: number;
}

const SYNCED_FIELDS = ['name', 'sku', 'unit', 'description', 'category', 'is_active', 'external_id'] as const;
type ProductState = { id: string; external_id: string | null; sku: string | null; name: string; unit: string; description: string | null; category: string | null; is_active: boolean };

/**
 * Brings the catalogue in line with another system's list of products, in the caller's
 * transaction. A product is found by its external id, else by SKU among products no system owns
 * yet (the oldest, when several share it), else created. Products are written through the record
 * service, so each change is validated, audited and announced (`product.created`/`.updated`);
 * a product already as described is not written at all, so the same list twice changes nothing.
 */
export async function syncCatalogue(ctx: ServiceContext, resolve: ResolveRecordType, items: readonly CatalogueItem[]): Promise<CatalogueSyncOutcome> {
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const outcome: CatalogueSyncOutcome = { created: [], updated: [], unchanged: 0 };
    if (items.length === 0) return outcome;
    const keys = [...new Set(items.map((i) => i.external_id))];
    const skus = [...new Set(items.flatMap((i) => (i.sku ? [i.sku] : [])))];
    const known = (await sql<ProductState>`
      select id, external_id, sku, name, unit, description, category, is_active from product
      where workspace_id = ${workspaceId}
        and (external_id in (${sql.join(keys)}) ${skus.length > 0 ? sql`or (external_id is null and sku in (${sql.join(skus)}))` : sql``})
      order by id`.execute(tx)).rows;
    const byKey = new Map(known.filter((p) => p.external_id).map((p) => [p.external_id!, p]));
    const unclaimedBySku = new Map<string, ProductState>();
    for (const p of known) if (!p.external_id && p.sku && !unclaimedBySku.has(p.sku)) unclaimedBySku.set(p.sku, p);

    for (const item of items) {
      let product = byKey.get(item.external_id);
      if (!product && item.sku) {
        product = unclaimedBySku.get(item.sku);
        if (product) unclaimedBySku.delete(item.sku);
      }
      const wanted = Object.fromEntries(SYNCED_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
      if (!product) {
        const created = await createRecord(ctx, productRecordType, wanted, resolve);
        const state = { ...(created as unknown as ProductState), id: created.id as string };
        byKey.set(item.external_id, state);
        outcome.created.push(state.id);
        continue;
      }
      const changes = diffFields(product, { ...product, ...wanted }, SYNCED_FIELDS);
      if (Object.keys(changes).length === 0) {
        outcome.unchanged += 1;
        continue;
      }
      await updateRecord(ctx, productRecordType, product.id, wanted, resolve);
      const state = { ...product, ...wanted } as ProductState;
      byKey.set(item.external_id, state);
      if (!outcome.updated.includes(product.id)) outcome.updated.push(product.id);
    }
    return outcome;
  });
}

/** A price list as another system names it, by its own id. */
export interface PriceListSpec {
  external_id: string;
  name: string;
  currency: string;
}

/** A price in the list with this external id for the product with this external id. */
export interface PriceSpec {
  price_list_external_id: string;
  product_external_id: string;
  /** A decimal string; stored rounded to kopecks. */
  price: string;
}

export interface PriceSyncOutcome {
  price_lists_created: string[];
  price_lists_updated: string[];
  prices_set: number;
  unchanged: number;
  unknown_products: string[];
}

const PRICE_CHUNK = 1000;

/**
 * Brings price lists and their prices in line with another system's, in the caller's transaction.
 * Lists are found by external id, else by name and currency among lists no system owns yet, else
 * created (the first in a currency without a default becomes its default). Prices are upserted;
 * those already equal are not written, and prices the input does not mention are kept. Products
 * not in the catalogue are skipped and named. Each list whose prices change gets one audit entry
 * and one `price_list.prices_changed` event.
 */
export async function syncPrices(ctx: ServiceContext, input: { priceLists: readonly PriceListSpec[]; prices: readonly PriceSpec[] }): Promise<PriceSyncOutcome> {
  authorizeConfiguration(ctx.principal, 'price_list', 'price lists');
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const outcome: PriceSyncOutcome = { price_lists_created: [], price_lists_updated: [], prices_set: 0, unchanged: 0, unknown_products: [] };
    const listIds = new Map<string, string>();
    for (const spec of input.priceLists) listIds.set(spec.external_id, await syncPriceList(tx, ctx, spec, outcome));

    const productKeys = [...new Set(input.prices.map((p) => p.product_external_id))];
    const products = productKeys.length === 0 ? [] : await tx.selectFrom('product').select(['id', 'external_id'])
      .where('workspace_id', '=', workspaceId).where('external_id', 'in', productKeys).execute();
    const productIds = new Map(products.map((p) => [p.external_id!, p.id]));
    outcome.unknown_products = productKeys.filter((k) => !productIds.has(k));

    // One price per (list, product): a later one in the input wins.
    const wanted = new Map<string, { list_id: string; product_id: string; price: string }>();
    for (const p of input.prices) {
      const listId = listIds.get(p.price_list_external_id) ?? (await findListByExternalId(tx, workspaceId, p.price_list_external_id));
      const productId = productIds.get(p.product_external_id);
      if (!listId || !productId) continue;
      listIds.set(p.price_list_external_id, listId);
      wanted.set(`${listId}:${productId}`, { list_id: listId, product_id: productId, price: p.price });
    }
    const changedPerList = new Map<string, number>();
    const rows = [...wanted.values()];
    for (let i = 0; i < rows.length; i += PRICE_CHUNK) {
      const chunk = rows.slice(i, i + PRICE_CHUNK);
      // The conflict update skips equal prices, so only rows actually written come back.
      const written = await sql<{ price_list_id: string }>`
        insert into price_list_item (workspace_id, price_list_id, product_id, price)
        select ${workspaceId}::uuid, v.list_id, v.product_id, round(v.price, 2)
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(list_id uuid, product_id uuid, price numeric)
        on conflict (workspace_id, price_list_id, product_id) do update set price = excluded.price
          where price_list_item.price is distinct from excluded.price
        returning price_list_id`.execute(tx);
      for (const r of written.rows) changedPerList.set(r.price_list_id, (changedPerList.get(r.price_list_id) ?? 0) + 1);
      outcome.prices_set += written.rows.length;
      outcome.unchanged += chunk.length - written.rows.length;
    }
    for (const [listId, count] of changedPerList) {
      await recordChange(tx, ctx, {
        entityType: 'price_list', entityId: listId, action: 'update', changes: { prices: { after: { set: count, removed: 0 } } }, event: 'price_list.prices_changed',
      });
    }
    return outcome;
  });
}

async function findListByExternalId(tx: Tx, workspaceId: string, externalId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('price_list').select('id').where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  return row?.id;
}

async function syncPriceList(tx: Tx, ctx: ServiceContext, spec: PriceListSpec, outcome: PriceSyncOutcome): Promise<string> {
  const workspaceId = ctx.principal.workspaceId;
  const existing = await tx.selectFrom('price_list').select(['id', 'name', 'currency', 'external_id', 'is_default']).where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([
      eb('external_id', '=', spec.external_id),
      eb.and([eb('external_id', 'is', null), eb('name', '=', spec.name), eb('currency', '=', spec.currency)]),
    ]))
    .orderBy(sql`external_id is null`).orderBy('id').executeTakeFirst();
  const fields = ['name', 'currency', 'external_id', 'is_default'] as const;
  if (!existing) {
    const hasDefault = await tx.selectFrom('price_list').select('id').where('workspace_id', '=', workspaceId)
      .where('currency', '=', spec.currency).where('is_default', '=', true).executeTakeFirst();
    const created = { id: newId(), name: spec.name, currency: spec.currency, external_id: spec.external_id, is_default: !hasDefault };
    await tx.insertInto('price_list').values({ workspace_id: workspaceId, ...created }).execute();
    await recordChange(tx, ctx, { entityType: 'price_list', entityId: created.id, action: 'create', changes: diffFields(null, created, fields), event: 'price_list.created' });
    outcome.price_lists_created.push(created.id);
    return created.id;
  }
  // A list moved to another currency can't stay that currency's default.
  const after = { ...existing, name: spec.name, currency: spec.currency, external_id: spec.external_id, is_default: existing.is_default && existing.currency === spec.currency };
  const changes = diffFields(existing, after, fields);
  if (Object.keys(changes).length === 0) return existing.id;
  await tx.updateTable('price_list').set({ name: after.name, currency: after.currency, external_id: after.external_id, is_default: after.is_default, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId).where('id', '=', existing.id).execute();
  await recordChange(tx, ctx, { entityType: 'price_list', entityId: existing.id, action: 'update', changes, event: 'price_list.updated' });
  outcome.price_lists_updated.push(existing.id);
  return existing.id;
}

/** The external ids of these products (those that have one), for documents sent to that system. */
export async function findProductExternalIds(db: Db | Tx, workspaceId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await db.selectFrom('product').select(['id', 'external_id']).where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...productIds]).where('external_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.external_id!]));
}
