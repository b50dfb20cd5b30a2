import { sql } from 'kysely';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
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
