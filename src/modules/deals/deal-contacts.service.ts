import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { hiddenFields, isInScope, readableScope } from '../../platform/auth/permissions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import { loadDeal } from './deal-lines.service.ts';
import { dealRecordType } from './deals.records.ts';
import './deals.tables.ts';

export const dealContactsSchema = z.strictObject({
  contacts: z.array(z.strictObject({
    person_id: z.uuid(),
    role: z.string().trim().min(1).max(100).nullable().default(null).describe('e.g. decision maker, accountant'),
  })).max(100),
});

/**
 * The people on a deal: the main contact first, then the others with their roles. Names and
 * contact details show only for people the reader may see, minus fields hidden from them.
 */
export async function getDealContacts(ctx: ServiceContext, dealId: string) {
  const deal = await loadDeal(ctx, dealId, 'read');
  const workspaceId = ctx.principal.workspaceId;
  const links = await ctx.db.selectFrom('deal_contact').select(['person_id', 'role'])
    .where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).orderBy('id').execute();
  const entries = new Map<string, { person_id: string; role: string | null; is_primary: boolean }>();
  if (deal.person_id) entries.set(deal.person_id, { person_id: deal.person_id, role: null, is_primary: true });
  for (const link of links) {
    const existing = entries.get(link.person_id);
    entries.set(link.person_id, { person_id: link.person_id, role: existing?.role ?? link.role, is_primary: existing?.is_primary ?? false });
  }
  const ids = [...entries.keys()];
  let people: { id: string; owner_id: string | null; full_name: string; email: string | null; phone: string | null; job_title: string | null }[] = [];
  const scope = readableScope(ctx.principal, 'person');
  if (scope && ids.length > 0) {
    people = (await sql<(typeof people)[number]>`
      select id, owner_id, full_name, email, phone, job_title from person
      where workspace_id = ${workspaceId} and id in (${sql.join(ids)})`.execute(ctx.db)).rows;
  }
  const hidden = hiddenFields(ctx.principal, 'person', ['first_name', 'last_name', 'email', 'phone', 'job_title']);
  if (hidden.has('first_name') || hidden.has('last_name')) hidden.add('full_name');
  const visible = new Map(people.filter((p) => isInScope(scope!, p.owner_id)).map((p) => [p.id, p]));
  return {
    data: [...entries.values()].map((entry) => {
      const person = visible.get(entry.person_id);
      const pick = (field: 'full_name' | 'email' | 'phone' | 'job_title') => (person && !hidden.has(field) ? person[field] : null);
      return { ...entry, full_name: pick('full_name'), email: pick('email'), phone: pick('phone'), job_title: pick('job_title') };
    }),
  };
}

/** Replaces the people on a deal besides its main contact; each lands on their timeline. */
export async function setDealContacts(ctx: ServiceContext, dealId: string, input: z.infer<typeof dealContactsSchema>) {
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const deal = await loadDeal(ctx, dealId, 'update', true);
    const contacts = [...new Map(input.contacts.map((c) => [c.person_id, c])).values()];
    const ids = contacts.map((c) => c.person_id);
    const found = ids.length === 0 ? [] : (await sql<{ id: string }>`
      select id from person where workspace_id = ${workspaceId} and id in (${sql.join(ids)})`.execute(tx)).rows;
    const known = new Set(found.map((p) => p.id));
    const missing = input.contacts.findIndex((c) => !known.has(c.person_id));
    if (missing !== -1) throw PlatformErrors.VALIDATION_FAILED({ field: `contacts.${missing}.person_id`, detail: 'No such person' });
    const before = await tx.selectFrom('deal_contact').select(['person_id', 'role']).where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).orderBy('id').execute();
    await tx.deleteFrom('deal_contact').where('workspace_id', '=', workspaceId).where('deal_id', '=', dealId).execute();
    if (contacts.length > 0) {
      await tx.insertInto('deal_contact').values(contacts.map((c) => ({ workspace_id: workspaceId, deal_id: dealId, id: newId(), person_id: c.person_id, role: c.role }))).execute();
    }
    const describe = (list: { person_id: string; role: string | null }[]) => list.map((c) => (c.role ? `${c.person_id} (${c.role})` : c.person_id));
    const changes = { contacts: { before: describe(before), after: describe(contacts) } };
    const payload = recordEventPayload(dealRecordType, deal, changes);
    // Everyone who was or now is on the deal sees the change on their timeline.
    const people = [...new Set([...before.map((c) => c.person_id), ...ids])];
    people.forEach((id, i) => (payload.references[`contact_${i}`] = { type: 'person', id }));
    await recordChange(tx, ctx, { entityType: 'deal', entityId: dealId, action: 'update', changes, event: 'deal.contacts_changed', payload });
    return getDealContacts(ctx, dealId);
  });
}
