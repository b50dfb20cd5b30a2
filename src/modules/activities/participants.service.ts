import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { authorizeRecord, hiddenFields, isInScope, readableScope, systemPrincipal } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { RecordRow } from '../../platform/records/record-type.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import { activityRecordType } from './activities.records.ts';

export const participantsSchema = z.strictObject({
  participants: z.array(z.union([
    z.strictObject({ person_id: z.uuid() }),
    z.strictObject({ user_id: z.uuid() }),
    z.strictObject({ email: z.email().max(320).transform((v) => v.toLowerCase()), name: z.string().trim().min(1).max(200).optional() }),
  ])).max(200),
});

export interface Participant {
  person_id: string | null;
  user_id: string | null;
  email: string | null;
  name: string | null;
}

async function loadActivity(ctx: ServiceContext, id: string, action: 'read' | 'update', forUpdate = false) {
  const row = (await sql<RecordRow>`
    select * from activity where workspace_id = ${ctx.principal.workspaceId} and id = ${id} ${forUpdate ? sql`for update` : sql``}`.execute(ctx.db)).rows[0];
  if (!row) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'activity', action, row.owner_id);
  return row;
}

/**
 * The participants of a meeting with the names and addresses the reader may see: people by their
 * CRM card (within the reader's scope and field rules), members by their account.
 */
export async function listParticipants(ctx: ServiceContext, activityId: string): Promise<{ data: Participant[] }> {
  await loadActivity(ctx, activityId, 'read');
  return { data: await participantsOf(ctx.db, ctx, activityId) };
}

async function participantsOf(db: Db, ctx: ServiceContext, activityId: string): Promise<Participant[]> {
  const rows = (await sql<Participant & { person_owner_id: string | null; person_name: string | null; person_email: string | null; user_name: string | null; user_email: string | null }>`
    select ap.person_id, ap.user_id, ap.email, ap.name, p.owner_id as person_owner_id, p.full_name as person_name, p.email as person_email,
      u.name as user_name, u.email as user_email
    from activity_participant ap
    left join person p on p.workspace_id = ap.workspace_id and p.id = ap.person_id
    left join membership m on m.workspace_id = ap.workspace_id and m.user_id = ap.user_id
    left join app_user u on u.id = m.user_id
    where ap.workspace_id = ${ctx.principal.workspaceId} and ap.activity_id = ${activityId}
    order by ap.id`.execute(db)).rows;
  const scope = readableScope(ctx.principal, 'person');
  const hidden = hiddenFields(ctx.principal, 'person', ['first_name', 'last_name', 'email']);
  return rows.map((r) => {
    if (r.person_id) {
      const isVisible = !!scope && isInScope(scope, r.person_owner_id);
      return {
        person_id: r.person_id, user_id: null,
        email: isVisible && !hidden.has('email') ? r.person_email : null,
        name: isVisible && !hidden.has('first_name') && !hidden.has('last_name') ? r.person_name : null,
      };
    }
    if (r.user_id) return { person_id: null, user_id: r.user_id, email: r.user_email, name: r.user_name };
    return { person_id: null, user_id: null, email: r.email, name: r.name };
  });
}

/** Replaces a meeting's participants; each person among them (before or after) sees it on their timeline. */
export async function setParticipants(ctx: ServiceContext, activityId: string, input: z.infer<typeof participantsSchema>) {
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const activity = await loadActivity(ctx, activityId, 'update', true);
    const key = (p: z.infer<typeof participantsSchema>['participants'][number]) =>
      'person_id' in p ? `p:${p.person_id}` : 'user_id' in p ? `u:${p.user_id}` : `e:${p.email}`;
    const participants = [...new Map(input.participants.map((p) => [key(p), p])).values()];
    // Two lookups for the whole list, then the first unknown one is named by its position.
    const personIds = input.participants.flatMap((p) => ('person_id' in p ? [p.person_id] : []));
    const userIds = input.participants.flatMap((p) => ('user_id' in p ? [p.user_id] : []));
    const knownPeople = new Set(personIds.length === 0 ? [] : (await sql<{ id: string }>`
      select id from person where workspace_id = ${workspaceId} and id in (${sql.join(personIds)})`.execute(tx)).rows.map((r) => r.id));
    const members = new Set(userIds.length === 0 ? [] : (await sql<{ user_id: string }>`
      select user_id from membership where workspace_id = ${workspaceId} and user_id in (${sql.join(userIds)})`.execute(tx)).rows.map((r) => r.user_id));
    for (const [index, p] of input.participants.entries()) {
      if ('person_id' in p && !knownPeople.has(p.person_id)) throw PlatformErrors.VALIDATION_FAILED({ field: `participants.${index}.person_id`, detail: 'No such person' });
      if ('user_id' in p && !members.has(p.user_id)) throw PlatformErrors.VALIDATION_FAILED({ field: `participants.${index}.user_id`, detail: 'Not a member of this workspace' });
    }
    const before = (await sql<{ person_id: string | null; user_id: string | null; email: string | null }>`
      select person_id, user_id, email from activity_participant where workspace_id = ${workspaceId} and activity_id = ${activityId} order by id`.execute(tx)).rows;
    await sql`delete from activity_participant where workspace_id = ${workspaceId} and activity_id = ${activityId}`.execute(tx);
    if (participants.length > 0) {
      await sql`insert into activity_participant (workspace_id, activity_id, id, person_id, user_id, email, name) values ${sql.join(participants.map((p) =>
        sql`(${workspaceId}, ${activityId}, ${newId()}, ${'person_id' in p ? p.person_id : null}, ${'user_id' in p ? p.user_id : null},
          ${'email' in p ? p.email : null}, ${'name' in p ? p.name ?? null : null})`))}`.execute(tx);
    }
    const describe = (list: { person_id?: string | null; user_id?: string | null; email?: string | null }[]) =>
      list.map((p) => (p.person_id ? `person ${p.person_id}` : p.user_id ? `user ${p.user_id}` : `${p.email}`));
    const changes = { participants: { before: describe(before), after: describe(participants) } };
    const payload = recordEventPayload(activityRecordType, activity, changes);
    const people = [...new Set([...before.flatMap((p) => (p.person_id ? [p.person_id] : [])), ...participants.flatMap((p) => ('person_id' in p ? [p.person_id] : []))])];
    people.forEach((id, i) => (payload.references[`participant_${i}`] = { type: 'person', id }));
    await recordChange(tx, ctx, { entityType: 'activity', entityId: activityId, action: 'update', changes, event: 'activity.participants_changed', payload });
    return { data: await participantsOf(tx, ctx, activityId) };
  });
}

/**
 * Marks reminders that have come due and emits `activity.reminder_due` for each, in one
 * transaction so a reminder is announced exactly once; channels (in-app, email, messenger)
 * subscribe to the event. Returns how many came due.
 */
export async function sweepReminders(db: Db): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = (await sql<RecordRow & { workspace_id: string; responsible_id: string | null }>`
      update activity set reminded_at = now()
      where (workspace_id, id) in (
        select workspace_id, id from activity
        where remind_at <= now() and reminded_at is null and status = 'planned'
        order by remind_at limit 500 for update skip locked)
      returning *`.execute(tx)).rows;
    for (const activity of due) {
      await recordChange(tx, { db: tx, principal: systemPrincipal(activity.workspace_id) }, {
        entityType: 'activity', entityId: activity.id, action: 'update', changes: { reminded_at: { before: null, after: new Date().toISOString() } },
        event: 'activity.reminder_due',
        payload: { ...recordEventPayload(activityRecordType, activity, {}), remind: [activity.owner_id, activity.responsible_id].filter(Boolean) },
      });
    }
    return due.length;
  });
}
