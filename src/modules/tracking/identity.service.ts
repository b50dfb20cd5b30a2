import { sql } from 'kysely';
import { recordChange } from '../../platform/changes.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { ResolveRecordType } from '../../platform/records/records.service.ts';
import { matchOrCreatePerson } from '../people/index.ts';

/**
 * An anonymous visitor says who they are (identify, a form, a purchase): they become the person
 * with that email or phone, or a new one. Their earlier events and carts move to the person, and
 * the link is audited and announced as person.identified, so it shows on the person's timeline.
 * Everything stays within the workspace: the same visitor id in another workspace is another
 * visitor. A device that identifies as someone else later follows the latest identity; events
 * already attributed keep their person.
 */
export async function identifyVisitor(
  tx: Tx, ctx: ServiceContext, resolve: ResolveRecordType, visitorId: string, contact: { email?: string; phone?: string; first_name?: string; last_name?: string }, at: Date,
): Promise<string> {
  const workspaceId = ctx.principal.workspaceId;
  const person = await matchOrCreatePerson(ctx, resolve, contact, 'website');
  const before = (await sql<{ person_id: string | null }>`
    select person_id from tracking_visitor where workspace_id = ${workspaceId} and visitor_id = ${visitorId} for update`.execute(tx)).rows[0];
  if (before?.person_id === person.id) return person.id;
  await sql`
    insert into tracking_visitor (workspace_id, visitor_id, person_id, identified_at)
    values (${workspaceId}, ${visitorId}, ${person.id}, ${at})
    on conflict (workspace_id, visitor_id) do update set person_id = excluded.person_id, identified_at = excluded.identified_at`.execute(tx);
  const events = await sql`update tracking_event set person_id = ${person.id}
    where workspace_id = ${workspaceId} and visitor_id = ${visitorId} and person_id is null`.execute(tx);
  const carts = await sql`update tracking_cart set person_id = ${person.id}
    where workspace_id = ${workspaceId} and cart_key = ${visitorId} and person_id is null`.execute(tx);
  const moved = { events: Number(events.numAffectedRows ?? 0), carts: Number(carts.numAffectedRows ?? 0) };
  await recordChange(tx, ctx, {
    entityType: 'person', entityId: person.id, action: 'identify',
    changes: { visitor_id: { before: null, after: visitorId }, ...(before?.person_id ? { previous_person_id: { before: before.person_id, after: person.id } } : {}) },
    event: 'person.identified',
    payload: { changes: {}, references: {}, visitor_id: visitorId, is_new_person: person.isCreated, moved },
  });
  return person.id;
}
