import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { personRecordType } from './people.records.ts';

export const personMatchSchema = z.strictObject({
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(1).max(50).optional(),
  first_name: z.string().trim().min(1).max(300).optional(),
  last_name: z.string().trim().min(1).max(300).optional(),
}).refine((c) => !!c.email || !!c.phone, 'Give an email or a phone to find the customer by');

/**
 * The person with this email or phone (normalised as stored), or a new
 * one. Matching looks at the whole workspace, not the caller's scope: a customer must not be
 * created twice because an integration's key sees only its own records. The match is
 * deliberately plain; identity resolution across visitors and channels builds on it.
 */
export async function matchOrCreatePerson(
  ctx: ServiceContext, resolve: ResolveRecordType, input: z.infer<typeof personMatchSchema>, source: string,
): Promise<{ id: string; isCreated: boolean }> {
  const workspace = await ctx.db.selectFrom('workspace').select('default_region').where('id', '=', ctx.principal.workspaceId).executeTakeFirstOrThrow();
  const email = input.email?.toLowerCase() ?? null;
  const phoneField = personRecordType.fields.find((f) => f.name === 'phone')!;
  const phone = input.phone ? phoneField.normalise!(input.phone, { defaultRegion: workspace.default_region }) : null;
  if (input.phone && !phone) throw PlatformErrors.VALIDATION_FAILED({ field: 'customer.phone', detail: `"${input.phone}" is not a valid phone for region ${workspace.default_region}` });
  // Main email and phone only: both are indexed, so a match costs the same at a million people.
  const found = await sql<{ id: string }>`
    select id from (
      select id, 0 as preference from person where workspace_id = ${ctx.principal.workspaceId} and email = ${email}
      union all
      select id, 1 from person where workspace_id = ${ctx.principal.workspaceId} and phone = ${phone}
    ) matches order by preference, id limit 1`.execute(ctx.db);
  if (found.rows[0]) return { id: found.rows[0].id, isCreated: false };
  const created = await createRecord(ctx, personRecordType, {
    first_name: input.first_name ?? email?.split('@')[0] ?? phone!, last_name: input.last_name ?? null, email, phone, source,
  }, resolve);
  return { id: created.id as string, isCreated: true };
}

/**
 * The people known by these keys of one kind (e.g. a shop's customer numbers), creating those not
 * seen before from `describe(value)` through the record service, so each new person is validated,
 * audited and announced like any other. Returns key → person id.
 */
export async function findOrCreatePeopleByIdentity(
  ctx: ServiceContext, resolve: ResolveRecordType, kind: string, values: readonly string[], describe: (value: string) => Record<string, unknown>,
): Promise<Map<string, string>> {
  const unique = [...new Set(values)];
  const known = new Map<string, string>();
  if (unique.length === 0) return known;
  return inTransaction(ctx, async (tx, ctx) => {
    const found = await sql<{ value: string; person_id: string }>`
      select value, person_id from person_identity
      where workspace_id = ${ctx.principal.workspaceId} and kind = ${kind} and value = any(${unique}::text[])`.execute(tx);
    for (const row of found.rows) known.set(row.value, row.person_id);
    for (const value of unique.filter((v) => !known.has(v))) {
      const person = await createRecord(ctx, personRecordType, describe(value), resolve);
      await sql`insert into person_identity (workspace_id, id, person_id, kind, value)
        values (${ctx.principal.workspaceId}, ${newId()}, ${person.id as string}, ${kind}, ${value})`.execute(tx);
      known.set(value, person.id as string);
    }
    return known;
  });
}
