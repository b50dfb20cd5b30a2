import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { assertWritableFields, authorizeRecord } from '../../platform/auth/permissions.ts';
import type { Tx } from '../../platform/db/database.ts';
import { PlatformErrors, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { hiddenColumns, type RecordRow } from '../../platform/records/record-type.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import { pricesFor } from '../products/index.ts';
import { dealRecordType } from './deals.records.ts';
import './deals.tables.ts';

const decimal = (max: number, places: number) =>
  z.union([z.number().finite(), z.string().regex(new RegExp(`^\\d{1,${max}}(\\.\\d{1,${places}})?$`))]).transform(String);

export const dealLinesSchema = z.strictObject({
  price_list_id: z.uuid().optional().describe('Where prices left out come from; defaults to the default list of the deal’s currency'),
  lines: z.array(z.strictObject({
    product_id: z.uuid().nullable().optional(),
    name: z.string().trim().min(1).max(300).optional().describe('Defaults to the product’s name'),
    quantity: decimal(11, 3).refine((v) => Number(v) > 0, 'The quantity must be above zero'),
    unit: z.string().trim().min(1).max(30).optional(),
    unit_price: decimal(15, 2).optional().describe('Defaults to the product’s price in the deal’s currency'),
    discount_percent: z.number().min(0).max(100).default(0),
  }).refine((line) => !!line.product_id || !!line.name, 'A line needs a product or a name')).max(200),
});

export async function loadDeal(ctx: ServiceContext, dealId: string, action: 'read' | 'update', forUpdate = false) {
  let query = ctx.db.selectFrom('deal').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', dealId);
  if (forUpdate) query = query.forUpdate();
  const deal = await query.executeTakeFirst();
  if (!deal) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'deal', action, deal.owner_id, deal.co_owner_ids);
  return deal as unknown as RecordRow & { currency: string; amount: string | null; title: string; person_id: string | null };
}

type LineRow = { id: string; product_id: string | null; name: string; quantity: string; unit: string | null; unit_price: string; discount_percent: string; amount: string };

async function loadLines(db: ServiceContext['db'], workspaceId: string, dealId: string) {
  const rows = await sql<LineRow>`
    select id, product_id, name, quantity::text as quantity, unit, unit_price::text as unit_price,
      discount_percent::text as discount_percent, amount::text as amount
    from deal_line where workspace_id = ${workspaceId} and deal_id = ${dealId} order by position`.execute(db);
  return rows.rows;
}

/** Lines as a reader sees them: without prices if the deal's amount is hidden from them. */
function presentLines(ctx: ServiceContext, currency: string, lines: LineRow[]) {
  const isAmountVisible = !hiddenColumns(ctx.principal, dealRecordType).has('amount');
  const total = lines.reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0) / 100;
  return {
    currency,
    lines: lines.map((l) => ({
      id: l.id, product_id: l.product_id, name: l.name, quantity: Number(l.quantity), unit: l.unit, discount_percent: Number(l.discount_percent),
      ...(isAmountVisible ? { unit_price: l.unit_price, amount: l.amount } : {}),
    })),
    ...(isAmountVisible ? { total: total.toFixed(2) } : {}),
  };
}

export async function getDealLines(ctx: ServiceContext, dealId: string) {
  const deal = await loadDeal(ctx, dealId, 'read');
  return presentLines(ctx, deal.currency, await loadLines(ctx.db, ctx.principal.workspaceId, dealId));
}

const lineSummary = (lines: { name: string; quantity: string | number; unit_price: string }[]) =>
  lines.map((l) => `${l.name} × ${Number(l.quantity)} @ ${l.unit_price}`);

/**
 * Replaces a deal's lines in one transaction. Prices left out come from the price list (or the
 * product's base price) in the deal's currency; a product with no such price is refused, naming
 * the line. With lines, the deal's amount becomes their total, audited like any amount change.
 */
export async function setDealLines(ctx: ServiceContext, dealId: string, input: z.infer<typeof dealLinesSchema>) {
  assertWritableFields(ctx.principal, 'deal', { amount: true });
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const deal = await loadDeal(ctx, dealId, 'update', true);
    if (input.price_list_id) {
      const list = await tx.selectFrom('price_list').select('currency').where('workspace_id', '=', workspaceId).where('id', '=', input.price_list_id).executeTakeFirst();
      if (!list) throw PlatformErrors.VALIDATION_FAILED({ field: 'price_list_id', detail: 'No such price list' });
      if (list.currency !== deal.currency) throw PlatformErrors.VALIDATION_FAILED({ field: 'price_list_id', detail: `The price list is in ${list.currency}, the deal in ${deal.currency}` });
    }
    const productIds = [...new Set(input.lines.flatMap((l) => (l.product_id ? [l.product_id] : [])))];
    const products = productIds.length === 0 ? [] : await tx.selectFrom('product').select(['id', 'name', 'unit'])
      .where('workspace_id', '=', workspaceId).where('id', 'in', productIds).execute();
    const byId = new Map(products.map((p) => [p.id, p]));
    // Catalogue prices for every line that gives none, in one query rather than one per line.
    const unpriced = [...new Set(input.lines.flatMap((l) => (l.product_id && l.unit_price === undefined ? [l.product_id] : [])))];
    const catalogue = await pricesFor(tx, workspaceId, unpriced, deal.currency, input.price_list_id);
    const problems: FieldProblem[] = [];
    const lines = [];
    for (const [index, line] of input.lines.entries()) {
      const product = line.product_id ? byId.get(line.product_id) : undefined;
      if (line.product_id && !product) {
        problems.push({ field: `lines.${index}.product_id`, code: 'PRODUCT_NOT_FOUND', message: 'No such product' });
        continue;
      }
      const unitPrice = line.unit_price ?? (product ? catalogue.get(product.id) ?? null : null);
      if (unitPrice === null) {
        problems.push({ field: `lines.${index}.unit_price`, code: 'NO_PRICE', message: `${product?.name ?? line.name} has no price in ${deal.currency}; give one` });
        continue;
      }
      lines.push({
        workspace_id: workspaceId, deal_id: dealId, id: newId(), position: index, product_id: product?.id ?? null,
        name: line.name ?? product!.name, quantity: line.quantity, unit: line.unit ?? product?.unit ?? null,
        unit_price: unitPrice, discount_percent: String(line.discount_percent),
      });
    }
    if (problems.length > 0) throw PlatformErrors.VALIDATION_FAILED({ field: problems[0]!.field, detail: problems[0]!.message, errors: problems });

    const before = await loadLines(tx, workspaceId, dealId);
    await tx.deleteFrom('deal_line').where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).execute();
    if (lines.length > 0) await tx.insertInto('deal_line').values(lines).execute();
    const after = await loadLines(tx, workspaceId, dealId);
    const presented = presentLines(ctx, deal.currency, after);
    const total = after.length > 0 ? after.reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0) / 100 : null;
    const changes: Record<string, { before: unknown; after: unknown }> = { lines: { before: lineSummary(before), after: lineSummary(after) } };
    let row: RecordRow = deal;
    if (total !== null && Number(deal.amount ?? NaN) !== total) {
      changes.amount = { before: deal.amount, after: total.toFixed(2) };
      row = await tx.updateTable('deal').set({ amount: total.toFixed(2), updated_at: new Date() })
        .where('workspace_id', '=', workspaceId).where('id', '=', dealId).returningAll().executeTakeFirstOrThrow() as unknown as RecordRow;
    }
    await recordChange(tx, ctx, { entityType: 'deal', entityId: dealId, action: 'update', changes, event: 'deal.updated', payload: recordEventPayload(dealRecordType, row, changes) });
    return presented;
  });
}

/** Whether a deal's amount comes from its lines, so it can't be set by hand. */
export async function hasDealLines(tx: Tx, workspaceId: string, dealId: string): Promise<boolean> {
  const found = await tx.selectFrom('deal_line').select('id').where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).limit(1).executeTakeFirst();
  return !!found;
}

