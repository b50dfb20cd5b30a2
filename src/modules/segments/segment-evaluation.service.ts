import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvents, type DomainEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { FilterContext } from '../../platform/records/filter.ts';
import { filterContextFor } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import { compileRules, DATA_KINDS, type DataKind } from './segment-rules.compiler.ts';
import type { SegmentRule } from './segment-rules.schema.ts';

export interface MembershipChange {
  change: 'entered' | 'exited';
  person_id: string;
}

export interface SegmentEvaluation {
  segmentId: string;
  entered: number;
  exited: number;
  memberCount: number;
}

/**
 * Writes what changed in a segment's membership: one history row and one `segment.entered` /
 * `segment.exited` event per person, in the transaction that changed the members.
 */
export async function recordMembershipChanges(tx: Tx, ctx: ServiceContext, segment: { id: string; name: string; kind: string }, changes: readonly MembershipChange[]): Promise<void> {
  const workspaceId = ctx.principal.workspaceId;
  for (let start = 0; start < changes.length; start += 1000) {
    await tx.insertInto('segment_membership_event').values(changes.slice(start, start + 1000).map((c) => ({
      workspace_id: workspaceId, id: newId(), segment_id: segment.id, person_id: c.person_id, change: c.change, occurred_at: new Date(),
    }))).execute();
  }
  // No `references`: these are not record changes, so the timeline doesn't project them (one
  // evaluation may move a million people) nor take their missing owner and title for the person's.
  await emitEvents(tx, ctx, changes.map((c) => ({
    name: `segment.${c.change}`, entityType: 'person', entityId: c.person_id,
    payload: { segment_id: segment.id, segment_name: segment.name, segment_kind: segment.kind, person_id: c.person_id },
  })));
  const delta = changes.reduce((sum, c) => sum + (c.change === 'entered' ? 1 : -1), 0);
  if (delta !== 0) {
    await tx.updateTable('segment').set({ member_count: sql<number>`member_count + ${delta}` })
      .where('workspace_id', '=', workspaceId).where('id', '=', segment.id).execute();
  }
}

/**
 * One dynamic segment's diff in one statement: the compiled rules select who matches (all people,
 * or only `personIds`), new matches are inserted, members who no longer match are deleted, and
 * the statement returns both. The segment's row is locked, so evaluations of it take turns.
 */
async function evaluateOne(ctx: ServiceContext, filtering: FilterContext, segmentId: string, personIds?: readonly string[]): Promise<SegmentEvaluation | null> {
  const workspaceId = ctx.principal.workspaceId;
  return ctx.db.transaction().execute(async (tx) => {
    const segment = await tx.selectFrom('segment').select(['id', 'name', 'kind', 'rules', 'member_count'])
      .where('workspace_id', '=', workspaceId).where('id', '=', segmentId).forUpdate().executeTakeFirst();
    if (!segment || segment.kind !== 'dynamic' || !segment.rules) return null;
    const condition = compileRules({ workspaceId, filtering }, segment.rules as SegmentRule);
    const onlyPeople = personIds ? sql`and person.id = any(${[...personIds]}::uuid[])` : sql``;
    const onlyMembers = personIds ? sql`and m.person_id = any(${[...personIds]}::uuid[])` : sql``;
    const changes = (await sql<MembershipChange>`
      with matched as materialized (
        select person.id as person_id from person where person.workspace_id = ${workspaceId} ${onlyPeople} and ${condition}
      ), entered as (
        insert into segment_member (workspace_id, segment_id, person_id, entered_at)
        select ${workspaceId}, ${segmentId}, person_id, now() from matched
        on conflict do nothing
        returning person_id
      ), exited as (
        delete from segment_member m
        where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId} ${onlyMembers}
          and not exists (select 1 from matched x where x.person_id = m.person_id)
        returning m.person_id
      )
      select 'entered' as change, person_id from entered
      union all
      select 'exited' as change, person_id from exited`.execute(tx)).rows;
    await recordMembershipChanges(tx, { ...ctx, db: tx }, segment, changes);
    const entered = changes.filter((c) => c.change === 'entered').length;
    const exited = changes.length - entered;
    // A full evaluation stamps the time; one person's doesn't make the whole segment current.
    if (!personIds) {
      await tx.updateTable('segment').set({ evaluated_at: new Date(), last_error: null })
        .where('workspace_id', '=', workspaceId).where('id', '=', segmentId).execute();
    }
    return { segmentId, entered, exited, memberCount: segment.member_count + entered - exited };
  });
}

export interface EvaluateOptions {
  /** Evaluate these segments (and then their dependents, if they changed). */
  segmentIds?: readonly string[];
  /** Evaluate the dynamic segments whose rules read any of these kinds of data. */
  dataKinds?: readonly DataKind[];
  /** Segments whose members already changed (static lists): only their dependents are evaluated. */
  changedSegmentIds?: readonly string[];
  /** Only these people (real-time updates); otherwise everybody. */
  personIds?: readonly string[];
  /** Who the entries and exits are recorded as; the workspace itself by default. */
  actor?: ServiceContext;
}

interface SegmentNode { id: string; kind: string; depends_on: string[]; data_kinds: string[] }

/** Segments in an order where each comes after the segments it includes (saving refuses cycles). */
function dependencyOrder(segments: readonly SegmentNode[]): SegmentNode[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const ordered: SegmentNode[] = [];
  const seen = new Set<string>();
  const visit = (node: SegmentNode) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    for (const dep of node.depends_on) {
      const included = byId.get(dep);
      if (included) visit(included);
    }
    ordered.push(node);
  };
  segments.forEach(visit);
  return ordered;
}

/**
 * Evaluates the segments the options select, in dependency order; a segment whose members
 * changed makes the segments that include it due too. A segment whose rules no longer compile
 * (a custom field was deleted) keeps its members and records the error.
 */
export async function evaluateSegments(db: Db, workspaceId: string, options: EvaluateOptions): Promise<SegmentEvaluation[]> {
  const segments = await db.selectFrom('segment').select(['id', 'kind', 'depends_on', 'data_kinds']).where('workspace_id', '=', workspaceId).execute();
  const due = new Set<string>();
  const markDependents = (changedId: string) => {
    for (const s of segments) if (s.depends_on.includes(changedId)) due.add(s.id);
  };
  for (const s of segments) {
    const isNamed = options.segmentIds?.includes(s.id);
    const readsKind = options.dataKinds?.some((k) => s.data_kinds.includes(k));
    if (s.kind === 'dynamic' && (isNamed || readsKind)) due.add(s.id);
  }
  options.changedSegmentIds?.forEach(markDependents);
  if (due.size === 0) return [];
  const system: ServiceContext = { db, principal: systemPrincipal(workspaceId) };
  const actor = { ...(options.actor ?? system), db };
  const filtering = await filterContextFor(system, personRecordType);
  const outcomes: SegmentEvaluation[] = [];
  for (const segment of dependencyOrder(segments)) {
    if (!due.has(segment.id)) continue;
    try {
      const outcome = await evaluateOne(actor, filtering, segment.id, options.personIds);
      if (!outcome) continue;
      outcomes.push(outcome);
      if (outcome.entered + outcome.exited > 0) markDependents(segment.id);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      await db.updateTable('segment').set({ last_error: error.message }).where('workspace_id', '=', workspaceId).where('id', '=', segment.id).execute();
    }
  }
  return outcomes;
}

/** The kind of data each subscribed event changes, for real-time re-evaluation. */
export const REALTIME_EVENTS: Record<string, DataKind> = {
  'person.created': 'profile',
  'person.updated': 'profile',
  'order.created': 'orders',
  'order.updated': 'orders',
  'order.returned': 'orders',
  'consent.granted': 'consent',
  'consent.withdrawn': 'consent',
  'cart.abandoned': 'events',
  'customer.engagement_changed': 'events',
  'tracking.events_recorded': 'events',
};

interface EventPayload {
  person_ids?: unknown[];
  references?: Record<string, { id?: string } | undefined>;
  changes?: Record<string, { before?: unknown; after?: unknown } | undefined>;
}

/** The people an event is about: the person itself, an order's buyer (before and after a change of buyer), or a batch of behaviour's people. */
function peopleOf(event: DomainEvent): string[] {
  if (event.entityType === 'person' && event.entityId) return [event.entityId];
  const payload = event.payload as EventPayload;
  // A batch of behavioural events names its people.
  if (Array.isArray(payload.person_ids)) return payload.person_ids.filter((id): id is string => typeof id === 'string');
  const ids = [payload.references?.person_id?.id, payload.changes?.person_id?.before, payload.changes?.person_id?.after];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/**
 * Real time: the dynamic segments that read what this event changed are re-evaluated for its
 * person only (the compiled query with person.id = any($1)), and segments including them follow.
 * A deleted person leaves every segment, static lists included.
 */
export async function applyEventToSegments(db: Db, event: DomainEvent): Promise<SegmentEvaluation[]> {
  const personIds = peopleOf(event);
  if (personIds.length === 0) return [];
  if (event.name === 'person.deleted') return removeFromAllSegments(db, event.workspaceId, personIds);
  const mergedId = (event.payload as { merged_id?: string }).merged_id;
  if (event.name === 'person.merged' && mergedId) return mergeMemberships(db, event.workspaceId, personIds[0]!, mergedId);
  // An undone merge brings the merged person back: both are evaluated afresh.
  if (event.name === 'person.unmerged' && mergedId) return evaluateSegments(db, event.workspaceId, { dataKinds: DATA_KINDS, personIds: [...personIds, mergedId] });
  const kind = REALTIME_EVENTS[event.name];
  if (!kind) return [];
  return evaluateSegments(db, event.workspaceId, { dataKinds: [kind], personIds });
}

/**
 * A merge: the survivor joins the static lists the merged person was on, the merged person leaves
 * everything, and the survivor, who now has both histories, is evaluated against every dynamic segment.
 */
async function mergeMemberships(db: Db, workspaceId: string, survivorId: string, mergedId: string): Promise<SegmentEvaluation[]> {
  const ctx: ServiceContext = { db, principal: systemPrincipal(workspaceId) };
  const joined = await db.transaction().execute(async (tx) => {
    const lists = (await sql<{ id: string; name: string; kind: string }>`
      insert into segment_member (workspace_id, segment_id, person_id, entered_at)
      select m.workspace_id, m.segment_id, ${survivorId}, now() from segment_member m
      join segment s on s.workspace_id = m.workspace_id and s.id = m.segment_id and s.kind = 'static'
      where m.workspace_id = ${workspaceId} and m.person_id = ${mergedId}
      on conflict do nothing
      returning segment_id as id, (select name from segment where workspace_id = ${workspaceId} and id = segment_id) as name, 'static' as kind`.execute(tx)).rows;
    for (const list of lists) await recordMembershipChanges(tx, { ...ctx, db: tx }, list, [{ change: 'entered', person_id: survivorId }]);
    return lists.map((l) => l.id);
  });
  const removed = await removeFromAllSegments(db, workspaceId, [mergedId]);
  const evaluated = await evaluateSegments(db, workspaceId, { dataKinds: DATA_KINDS, changedSegmentIds: joined, personIds: [survivorId] });
  return [...removed, ...evaluated];
}

async function removeFromAllSegments(db: Db, workspaceId: string, personIds: string[]): Promise<SegmentEvaluation[]> {
  const ctx: ServiceContext = { db, principal: systemPrincipal(workspaceId) };
  const changed = await db.transaction().execute(async (tx) => {
    const removed = await tx.deleteFrom('segment_member').where('workspace_id', '=', workspaceId).where('person_id', 'in', personIds)
      .returning(['segment_id', 'person_id']).execute();
    const segmentIds = [...new Set(removed.map((r) => r.segment_id))];
    if (segmentIds.length === 0) return [];
    const segments = await tx.selectFrom('segment').select(['id', 'name', 'kind']).where('workspace_id', '=', workspaceId).where('id', 'in', segmentIds).execute();
    for (const segment of segments) {
      const changes = removed.filter((r) => r.segment_id === segment.id).map((r) => ({ change: 'exited' as const, person_id: r.person_id }));
      await recordMembershipChanges(tx, { ...ctx, db: tx }, segment, changes);
    }
    return segmentIds;
  });
  return evaluateSegments(db, workspaceId, { changedSegmentIds: changed, personIds });
}
