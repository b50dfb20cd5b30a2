import { sql, type Selectable } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { NotificationKind, NotificationTable } from './notifications.tables.ts';

/** The events that can concern a member; the module's subscription names exactly these. */
export const NOTIFYING_EVENTS = [
  'activity.reminder_due',
  'activity.created', 'activity.updated',
  'lead.created', 'lead.updated', 'lead.assigned', 'lead.reassigned',
];

// Fields of activities and leads that put a member in charge of the record.
const ASSIGNEE_FIELDS = ['owner_id', 'responsible_id'];

interface NotifyingPayload {
  title?: string | null;
  changes?: Record<string, { before?: unknown; after?: unknown }>;
  /** activity.reminder_due: the members to remind (assignee and accountable member). */
  remind?: unknown[];
}

/**
 * The members an event concerns: whoever a due reminder is for, and whoever an activity or a
 * lead was just given to. Giving a record to yourself tells you nothing new; records the system
 * writes (demo data) notify nobody, except the lead distribution's own hand-offs.
 */
export function recipientsOf(event: DomainEvent): { userId: string; kind: NotificationKind }[] {
  const payload = event.payload as NotifyingPayload;
  if (event.name === 'activity.reminder_due') {
    const members = (payload.remind ?? []).filter((id): id is string => typeof id === 'string');
    return [...new Set(members)].map((userId) => ({ userId, kind: 'reminder_due' }));
  }
  const isRecordWrite = event.name.endsWith('.created') || event.name.endsWith('.updated');
  if (isRecordWrite && event.actorType === 'system') return [];
  const assignees = ASSIGNEE_FIELDS
    .map((field) => payload.changes?.[field]?.after)
    .filter((id): id is string => typeof id === 'string' && !(event.actorType === 'user' && id === event.actorId));
  return [...new Set(assignees)].map((userId) => ({ userId, kind: 'assigned' }));
}

/**
 * Writes the event's notifications. Idempotent per (event, member): a redelivered event adds
 * nothing. Rows already written are skipped by `not exists` rather than ON CONFLICT, which in
 * PGlite now and then never returns (see timeline.service.ts); on PostgreSQL two deliveries
 * racing end in a unique violation and the job's retry. Members who left meanwhile are skipped.
 */
export async function notifyFromEvent(db: Db, event: DomainEvent): Promise<number> {
  if (!event.entityType || !event.entityId) return 0;
  const recipients = recipientsOf(event);
  if (recipients.length === 0) return 0;
  const title = (event.payload as NotifyingPayload).title ?? null;
  const rows = recipients.map((r) => sql`(${newId()}::uuid, ${r.userId}::uuid, ${r.kind})`);
  const inserted = await sql<{ id: string }>`
    insert into notification (workspace_id, id, user_id, event_id, kind, entity_type, entity_id, title, created_at)
    select ${event.workspaceId}::uuid, r.id, r.user_id, ${event.id}::uuid, r.kind, ${event.entityType}, ${event.entityId}::uuid, ${title}, ${event.occurredAt}::timestamptz
    from (values ${sql.join(rows)}) as r (id, user_id, kind)
    where exists (select 1 from membership m where m.workspace_id = ${event.workspaceId}::uuid and m.user_id = r.user_id)
      and not exists (
        select 1 from notification n
        where n.workspace_id = ${event.workspaceId}::uuid and n.event_id = ${event.id}::uuid and n.user_id = r.user_id)
    returning id`.execute(db);
  return inserted.rows.length;
}

const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export const presentNotification = (row: Selectable<NotificationTable>) => ({
  id: row.id, kind: row.kind, entity_type: row.entity_type, entity_id: row.entity_id, title: row.title,
  created_at: new Date(row.created_at).toISOString(), read_at: isoOrNull(row.read_at), is_read: row.read_at !== null,
});

/** Notifications are personal: an API key reads those of the member who made it. */
function recipientOf(ctx: ServiceContext): string {
  if (!ctx.principal.userId) throw PlatformErrors.FORBIDDEN({ detail: 'Notifications belong to members' });
  return ctx.principal.userId;
}

function ownNotifications(ctx: ServiceContext) {
  return ctx.db.selectFrom('notification')
    .where('workspace_id', '=', ctx.principal.workspaceId)
    .where('user_id', '=', recipientOf(ctx));
}

export async function listNotifications(ctx: ServiceContext, query: { limit: number; cursor?: string; isUnreadOnly: boolean }) {
  // Ordered by the event (ids are time-ordered): notifications are written as events are delivered,
  // which need not be the order they happened in.
  let q = ownNotifications(ctx).selectAll().orderBy('event_id', 'desc').limit(query.limit + 1);
  if (query.isUnreadOnly) q = q.where('read_at', 'is', null);
  if (query.cursor) q = q.where('event_id', '<', decodeCursor(query.cursor));
  const rows = await q.execute();
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return { data: page.map(presentNotification), next_cursor: hasMore ? encodeCursor(page.at(-1)!.event_id) : null };
}

export async function countUnreadNotifications(ctx: ServiceContext) {
  const row = await ownNotifications(ctx).where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { count: Number(row.n) };
}

// Read marks are the member's own inbox state, not business data: they are neither audited nor
// announced as events.
export async function markNotificationRead(ctx: ServiceContext, id: string) {
  const row = await ctx.db.updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', '=', recipientOf(ctx)).where('id', '=', id)
    .returningAll().executeTakeFirst();
  if (!row) throw PlatformErrors.NOT_FOUND({ detail: 'There is no such notification' });
  return presentNotification(row);
}

export async function markAllNotificationsRead(ctx: ServiceContext) {
  const result = await ctx.db.updateTable('notification').set({ read_at: new Date() })
    .where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', '=', recipientOf(ctx)).where('read_at', 'is', null)
    .executeTakeFirst();
  return { count: Number(result.numUpdatedRows) };
}
