import { sql, type Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { authorize, can, fieldAccess } from '../../platform/auth/permissions.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { RecordRegistry } from '../../platform/records/records.routes.ts';
import { getRecord } from '../../platform/records/records.service.ts';

// The module's own table, declared for this module's queries only.
interface TimelineEntryTable {
  workspace_id: string;
  event_id: string;
  subject_type: string;
  subject_id: string;
  occurred_at: Date | string;
  event_name: string;
  entity_type: string;
  entity_id: string;
  entity_owner_id: string | null;
  entity_co_owner_ids: string[];
  title: string | null;
  actor_type: string;
  actor_id: string | null;
  changes: string;
}
type TimelineDb = Kysely<{ timeline_entry: TimelineEntryTable }>;
const timelineDb = (db: Db) => db as unknown as TimelineDb;

interface RecordEventPayload {
  changes?: Record<string, unknown>;
  owner_id?: string | null;
  /** For record types that declare co-owners (deals). */
  co_owner_ids?: string[];
  title?: string | null;
  references?: Record<string, { type: string; id: string }>;
  /** Records that take over this record's history (a converted lead, a merged duplicate). */
  history_to?: { type: string; id: string }[];
}

/**
 * Makes a record's history continue on another: entries so far are copied, and a link makes
 * later-projected events about it (even ones that happened earlier) land on both.
 */
async function linkHistory(tdb: TimelineDb, event: DomainEvent, target: { type: string; id: string }) {
  await sql`
    insert into timeline_link (workspace_id, from_type, from_id, to_type, to_id)
    select ${event.workspaceId}, ${event.entityType}, ${event.entityId}::uuid, ${target.type}, ${target.id}::uuid
    where not exists (
      select 1 from timeline_link where workspace_id = ${event.workspaceId} and from_type = ${event.entityType}
        and from_id = ${event.entityId}::uuid and to_type = ${target.type} and to_id = ${target.id}::uuid)`.execute(tdb);
  await sql`
    insert into timeline_entry (workspace_id, event_id, subject_type, subject_id, occurred_at, event_name, entity_type, entity_id,
      entity_owner_id, entity_co_owner_ids, title, actor_type, actor_id, changes)
    select source.workspace_id, source.event_id, ${target.type}, ${target.id}::uuid, source.occurred_at, source.event_name,
      source.entity_type, source.entity_id, source.entity_owner_id, source.entity_co_owner_ids, source.title, source.actor_type,
      source.actor_id, source.changes
    from timeline_entry source
    where source.workspace_id = ${event.workspaceId} and source.subject_type = ${event.entityType} and source.subject_id = ${event.entityId}
      and not exists (
        select 1 from timeline_entry copied where copied.workspace_id = source.workspace_id and copied.subject_type = ${target.type}
          and copied.subject_id = ${target.id}::uuid and copied.event_id = source.event_id)`.execute(tdb);
}

/** The records whose timelines continue these subjects' histories. */
async function successorsOf(tdb: TimelineDb, workspaceId: string, subjects: { type: string; id: string }[]) {
  const rows = await sql<{ type: string; id: string }>`
    select to_type as type, to_id as id from timeline_link
    where workspace_id = ${workspaceId}
      and (from_type, from_id) in (${sql.join(subjects.map((s) => sql`(${s.type}, ${s.id}::uuid)`))})`.execute(tdb);
  return rows.rows;
}

/**
 * Writes one entry per record the event concerns: the record itself and every record it refers to.
 * Events that don't describe a record (settings, sign-ins) have no timeline. Idempotent per
 * (event, subject), so a redelivered event changes nothing.
 *
 * Entries already written are skipped by looking them up, not with ON CONFLICT: in PGlite a
 * speculative insert (INSERT … ON CONFLICT) now and then never returns (electric-sql/pglite#1068).
 * On PostgreSQL two deliveries racing end in a unique violation and the job's retry.
 */
export async function projectEvent(db: Db, event: DomainEvent): Promise<number> {
  const payload = event.payload as RecordEventPayload;
  if (!event.entityType || !event.entityId || !payload.references) return 0;
  const subjects = new Map<string, { type: string; id: string }>();
  subjects.set(`${event.entityType}:${event.entityId}`, { type: event.entityType, id: event.entityId });
  for (const ref of Object.values(payload.references)) subjects.set(`${ref.type}:${ref.id}`, ref);
  const { changes, owner_id, title } = payload;
  // Events that don't name co-owners (other types' events) leave those of earlier entries alone.
  const coOwnerIds = payload.co_owner_ids;
  const tdb = timelineDb(db);
  for (const target of payload.history_to ?? []) await linkHistory(tdb, event, target);
  for (const successor of await successorsOf(tdb, event.workspaceId, [...subjects.values()])) {
    subjects.set(`${successor.type}:${successor.id}`, successor);
  }
  const subjectCount = subjects.size;
  const existing = await tdb
    .selectFrom('timeline_entry')
    .select(['subject_type', 'subject_id'])
    .where('workspace_id', '=', event.workspaceId)
    .where((eb) => eb.or([...subjects.values()].map((s) => eb.and([eb('subject_type', '=', s.type), eb('subject_id', '=', s.id)]))))
    .where('event_id', '=', event.id)
    .execute();
  for (const row of existing) subjects.delete(`${row.subject_type}:${row.subject_id}`);
  if (subjects.size > 0) {
    await tdb
      .insertInto('timeline_entry')
      .values([...subjects.values()].map((subject) => ({
        workspace_id: event.workspaceId,
        event_id: event.id,
        subject_type: subject.type,
        subject_id: subject.id,
        occurred_at: event.occurredAt,
        event_name: event.name,
        entity_type: event.entityType!,
        entity_id: event.entityId!,
        entity_owner_id: owner_id ?? null,
        entity_co_owner_ids: coOwnerIds ?? [],
        title: title ?? null,
        actor_type: event.actorType,
        actor_id: event.actorId,
        changes: JSON.stringify(changes ?? {}),
      })))
      .execute();
  }
  // Earlier entries about this record follow its current owner, co-owners and title.
  await tdb
    .updateTable('timeline_entry')
    .set({ entity_owner_id: owner_id ?? null, ...(coOwnerIds ? { entity_co_owner_ids: coOwnerIds } : {}), title: title ?? null })
    .where('workspace_id', '=', event.workspaceId)
    .where('entity_type', '=', event.entityType)
    .where('entity_id', '=', event.entityId)
    .where('event_id', '<', event.id)
    .execute();
  return subjectCount;
}

export interface TimelineQuery {
  subjectType: string;
  subjectId: string;
  /** Only entries about these record types, e.g. ['activity', 'deal']. */
  entityTypes?: string[];
  cursor?: string;
  limit: number;
}

/**
 * The timeline of one record, newest first. The reader must be able to read the record; entries
 * about records outside their permissions are left out, and hidden fields' values are removed.
 */
export async function findTimeline(ctx: ServiceContext, records: RecordRegistry, query: TimelineQuery) {
  // Custom objects are record types too: a workspace's own types are looked up with the declared ones.
  const types = await records.forWorkspace(ctx.db, ctx.principal.workspaceId);
  const typeOf = (type: string) => types.find((def) => def.type === type);
  const subjectDef = typeOf(query.subjectType);
  if (!subjectDef) throw PlatformErrors.NOT_FOUND({ field: 'subject_type', detail: `No record type ${query.subjectType}` });
  await getRecord(ctx, subjectDef, query.subjectId);

  const visibleTypes = types.filter((def) => can(ctx.principal, def.type, 'read') && (!query.entityTypes || query.entityTypes.includes(def.type)));
  if (visibleTypes.length === 0) return { data: [], next_cursor: null };
  const scopeConditions = visibleTypes.map((def) => {
    const scope = authorize(ctx.principal, def.type, 'read');
    if (scope.kind === 'all') return sql`entity_type = ${def.type}`;
    if (scope.ownerIds.length === 0) return sql`false`;
    const inScope = ownersCondition(scope, 'entity_owner_id', def.coOwnersField ? 'entity_co_owner_ids' : undefined);
    return sql`(entity_type = ${def.type} and ${inScope})`;
  });

  let q = timelineDb(ctx.db)
    .selectFrom('timeline_entry')
    .select(['event_id', 'occurred_at', 'event_name', 'entity_type', 'entity_id', 'title', 'actor_type', 'actor_id', 'changes'])
    .where('workspace_id', '=', ctx.principal.workspaceId)
    .where('subject_type', '=', query.subjectType)
    .where('subject_id', '=', query.subjectId)
    .where(sql<boolean>`(${sql.join(scopeConditions, sql` or `)})`)
    .orderBy('event_id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) q = q.where('event_id', '<', decodeCursor(query.cursor));
  const rows = await q.execute();
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return {
    data: page.map((row) => {
      const def = typeOf(row.entity_type)!;
      const hiddenStored = hiddenColumns(ctx.principal, def);
      // Custom fields appear in changes as custom.<key>; their field rules apply as to stored columns.
      const isHidden = (field: string) => hiddenStored.has(field) || fieldAccess(ctx.principal, def.type, field) === 'hidden';
      const changes = row.changes as unknown as Record<string, unknown>;
      return {
        id: row.event_id,
        occurred_at: new Date(row.occurred_at).toISOString(),
        event: row.event_name,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        title: isHidden(def.titleField) ? null : row.title,
        actor_type: row.actor_type,
        actor_id: row.actor_id,
        changes: Object.fromEntries(Object.entries(changes).filter(([field]) => !isHidden(field))),
      };
    }),
    next_cursor: hasMore ? encodeCursor(page.at(-1)!.event_id) : null,
  };
}
