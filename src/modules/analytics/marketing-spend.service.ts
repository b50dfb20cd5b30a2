import { sql } from 'kysely';
import { z } from 'zod';
import { authorizeConfiguration } from '../../platform/auth/permissions.ts';
import { recordChange } from '../../platform/changes.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

export const SpendErrors = defineErrors({
  SPEND_EXISTS: { status: 409, title: 'Spend for this month, channel and currency is already entered' },
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM');
const amount = z.union([
  z.number().finite().nonnegative().max(1e15).multipleOf(0.01, 'At most two decimals'),
  z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'A non-negative amount with at most two decimals'),
]).transform(String);

export const spendInputSchema = z.strictObject({
  month: month.describe('The month the money was spent in, YYYY-MM'),
  channel: z.string().trim().min(1).max(200).describe('Acquisition channel, matched with people’s source (e.g. “Яндекс.Директ”)'),
  amount: amount.describe('Marketing and sales spend of the month on the channel'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as RUB').optional().describe('Defaults to the workspace currency'),
  note: z.string().trim().max(1000).nullable().optional(),
});
export const spendUpdateSchema = spendInputSchema.partial();
export const spendListQuerySchema = z.strictObject({
  from: month.optional().describe('First month listed'),
  to: month.optional().describe('Last month listed'),
});

type SpendRow = { id: string; month: string; channel: string; amount: string; currency: string; note: string | null; updated_at: Date };
const present = (r: SpendRow) => ({
  id: r.id, month: r.month.slice(0, 7), channel: r.channel, amount: r.amount, currency: r.currency, note: r.note, updated_at: new Date(r.updated_at).toISOString(),
});
const audited = (r: ReturnType<typeof present>) => ({ month: r.month, channel: r.channel, amount: r.amount, currency: r.currency, note: r.note });
const AUDITED = ['month', 'channel', 'amount', 'currency', 'note'];

// Spend is workspace configuration that shapes CAC and ROI for everyone: managers and admins enter it.
const authorizeSpend = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'marketing_spend', 'marketing spend');

async function loadSpend(ctx: ServiceContext, id: string): Promise<SpendRow> {
  const row = (await sql<SpendRow>`
    select id, month::text as month, channel, amount::text as amount, currency, note, updated_at from marketing_spend
    where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(ctx.db)).rows[0];
  if (!row) throw PlatformErrors.NOT_FOUND();
  return row;
}

async function assertFree(ctx: ServiceContext, values: { month: string; channel: string; currency: string }, exceptId: string | null) {
  const taken = (await sql<{ id: string }>`
    select id from marketing_spend where workspace_id = ${ctx.principal.workspaceId} and month = ${`${values.month}-01`}::date
      and channel = ${values.channel} and currency = ${values.currency} and id is distinct from ${exceptId}::uuid`.execute(ctx.db)).rows[0];
  if (taken) throw SpendErrors.SPEND_EXISTS({ field: 'channel', detail: `${values.channel} already has spend for ${values.month} in ${values.currency}; change that entry` });
}

export async function listSpend(ctx: ServiceContext, query: z.infer<typeof spendListQuerySchema>) {
  authorizeSpend(ctx);
  const rows = (await sql<SpendRow>`
    select id, month::text as month, channel, amount::text as amount, currency, note, updated_at from marketing_spend
    where workspace_id = ${ctx.principal.workspaceId}
      ${query.from ? sql`and month >= ${`${query.from}-01`}::date` : sql``}
      ${query.to ? sql`and month <= ${`${query.to}-01`}::date` : sql``}
    order by month desc, channel, currency`.execute(ctx.db)).rows;
  const workspace = await ctx.db.selectFrom('workspace').select('currency').where('id', '=', ctx.principal.workspaceId).executeTakeFirstOrThrow();
  return { currency: workspace.currency, data: rows.map(present) };
}

export async function createSpend(ctx: ServiceContext, input: z.infer<typeof spendInputSchema>) {
  authorizeSpend(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const workspace = await tx.selectFrom('workspace').select('currency').where('id', '=', ctx.principal.workspaceId).executeTakeFirstOrThrow();
    const values = { ...input, currency: input.currency ?? workspace.currency, note: input.note ?? null };
    await assertFree(ctx, values, null);
    const id = newId();
    await sql`insert into marketing_spend (workspace_id, id, month, channel, amount, currency, note)
      values (${ctx.principal.workspaceId}, ${id}, ${`${values.month}-01`}::date, ${values.channel}, ${values.amount}::numeric, ${values.currency}, ${values.note})`.execute(tx);
    const created = present(await loadSpend(ctx, id));
    await recordChange(tx, ctx, {
      entityType: 'marketing_spend', entityId: id, action: 'create', event: 'marketing_spend.created', changes: diffFields(null, audited(created), AUDITED),
    });
    return created;
  });
}

export async function updateSpend(ctx: ServiceContext, id: string, input: z.infer<typeof spendUpdateSchema>) {
  authorizeSpend(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadSpend(ctx, id));
    const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as typeof before;
    await assertFree(ctx, next, id);
    await sql`update marketing_spend set month = ${`${next.month}-01`}::date, channel = ${next.channel}, amount = ${next.amount}::numeric,
        currency = ${next.currency}, note = ${next.note}, updated_at = now()
      where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(tx);
    const after = present(await loadSpend(ctx, id));
    const changes = diffFields(audited(before), audited(after), AUDITED);
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, ctx, { entityType: 'marketing_spend', entityId: id, action: 'update', event: 'marketing_spend.updated', changes });
    }
    return after;
  });
}

export async function deleteSpend(ctx: ServiceContext, id: string) {
  authorizeSpend(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadSpend(ctx, id));
    await sql`delete from marketing_spend where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(tx);
    await recordChange(tx, ctx, {
      entityType: 'marketing_spend', entityId: id, action: 'delete', event: 'marketing_spend.deleted', changes: diffFields(audited(before), null, AUDITED),
    });
  });
}
