import { sql, type Selectable } from 'kysely';
import { authorize, authorizeConfiguration, authorizeRecord, readableScope } from '../../platform/auth/permissions.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { recordChange } from '../../platform/changes.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { ADVANCE_JOB, enrollPerson, triggerOf } from './journey-engine.ts';
import { journeyDefinitionSchema, type EnrollmentStatus, type JourneyDefinition } from './journey-graph.schema.ts';
import { validateDefinition } from './journey-validation.ts';
import { JourneyErrors } from './journeys.errors.ts';
import type { JourneyTable } from './journeys.tables.ts';
import './journeys.tables.ts';

export interface JourneyInput { name: string; description?: string | null; definition: JourneyDefinition }
export type JourneyUpdate = Partial<JourneyInput>;

const authorizeRead = (ctx: ServiceContext) => authorize(ctx.principal, 'person', 'read');
const authorizeWrite = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'person', 'journeys');

type JourneyRow = Selectable<JourneyTable>;

async function present(db: Db, row: JourneyRow) {
  const version = row.current_version_id
    ? await db.selectFrom('journey_version').select(['id', 'number', 'created_at']).where('workspace_id', '=', row.workspace_id).where('id', '=', row.current_version_id).executeTakeFirst()
    : undefined;
  return {
    id: row.id, name: row.name, description: row.description, status: row.status, definition: row.definition, template_key: row.template_key,
    current_version: version ? { id: version.id, number: version.number, created_at: new Date(version.created_at).toISOString() } : null,
    created_at: new Date(row.created_at).toISOString(), updated_at: new Date(row.updated_at).toISOString(),
  };
}
export type JourneyView = Awaited<ReturnType<typeof present>>;

async function loadJourney(db: Db, workspaceId: string, id: string, lock = false): Promise<JourneyRow> {
  let query = db.selectFrom('journey').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw JourneyErrors.JOURNEY_NOT_FOUND();
  return row;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

async function withNameCheck<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw JourneyErrors.JOURNEY_NAME_TAKEN({ field: 'name' });
    throw error;
  }
}

export async function listJourneys(ctx: ServiceContext) {
  authorizeRead(ctx);
  const rows = await ctx.db.selectFrom('journey').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).orderBy('name').execute();
  const counts = await sql<{ journey_id: string; active: number; total: number }>`
    select journey_id, count(*) filter (where status in ('active', 'waiting'))::int as active, count(*)::int as total
    from journey_enrollment where workspace_id = ${ctx.principal.workspaceId} group by journey_id`.execute(ctx.db);
  const byJourney = new Map(counts.rows.map((c) => [c.journey_id, c]));
  return {
    data: await Promise.all(rows.map(async (row) => ({
      ...(await present(ctx.db, row)), in_progress: byJourney.get(row.id)?.active ?? 0, enrolled: byJourney.get(row.id)?.total ?? 0,
    }))),
  };
}

export async function getJourney(ctx: ServiceContext, id: string) {
  authorizeRead(ctx);
  return present(ctx.db, await loadJourney(ctx.db, ctx.principal.workspaceId, id));
}

/** Stores a new version of a journey's definition and makes it current: new enrollments go to it. */
async function publishVersion(tx: Tx, ctx: ServiceContext, journey: JourneyRow, definition: JourneyDefinition) {
  const last = await tx.selectFrom('journey_version').select((eb) => eb.fn.max('number').as('n')).where('workspace_id', '=', journey.workspace_id).where('journey_id', '=', journey.id).executeTakeFirst();
  const trigger = triggerOf(definition);
  const id = newId();
  await tx.insertInto('journey_version').values({
    workspace_id: journey.workspace_id, id, journey_id: journey.id, number: Number(last?.n ?? 0) + 1, definition: JSON.stringify(definition),
    trigger_event: trigger.kind === 'event' ? trigger.event : trigger.kind === 'segment' ? `segment.${trigger.change}` : null,
    trigger_segment_id: trigger.kind === 'segment' || trigger.kind === 'schedule' ? trigger.segment_id : null,
    goal_events: definition.goal_events, created_by: ctx.principal.userId,
  }).execute();
  return id;
}

export async function createJourney(ctx: ServiceContext, input: JourneyInput, templateKey: string | null = null) {
  authorizeWrite(ctx);
  const definition = journeyDefinitionSchema.parse(input.definition);
  await validateDefinition(ctx.db, ctx.principal.workspaceId, definition);
  return withNameCheck(() => inTransaction(ctx, async (tx, ctx) => {
    const id = newId();
    await tx.insertInto('journey').values({
      workspace_id: ctx.principal.workspaceId, id, name: input.name, description: input.description ?? null, status: 'draft',
      definition: JSON.stringify(definition), template_key: templateKey, created_by: ctx.principal.userId, updated_at: new Date(),
    }).execute();
    await recordChange(tx, ctx, { entityType: 'journey', entityId: id, action: 'create', event: 'journey.created', changes: { name: { before: null, after: input.name } } });
    return present(tx, await loadJourney(tx, ctx.principal.workspaceId, id));
  }));
}

/** Edits a journey; on a live or paused one the edit is published at once as a new version, and people already in it finish on theirs. */
export async function updateJourney(ctx: ServiceContext, id: string, patch: JourneyUpdate) {
  authorizeWrite(ctx);
  const definition = patch.definition ? journeyDefinitionSchema.parse(patch.definition) : undefined;
  if (definition) await validateDefinition(ctx.db, ctx.principal.workspaceId, definition);
  return withNameCheck(() => inTransaction(ctx, async (tx, ctx) => {
    const journey = await loadJourney(tx, ctx.principal.workspaceId, id, true);
    if (journey.status === 'archived') throw JourneyErrors.JOURNEY_STATUS_CONFLICT({ detail: 'An archived journey can not be edited' });
    let versionId = journey.current_version_id;
    if (definition && (journey.status === 'live' || journey.status === 'paused')) versionId = await publishVersion(tx, ctx, journey, definition);
    await tx.updateTable('journey').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(definition ? { definition: JSON.stringify(definition) } : {}),
      current_version_id: versionId, updated_at: new Date(),
    }).where('workspace_id', '=', journey.workspace_id).where('id', '=', id).execute();
    await recordChange(tx, ctx, {
      entityType: 'journey', entityId: id, action: 'update', event: 'journey.updated',
      changes: { ...(patch.name !== undefined ? { name: { before: journey.name, after: patch.name } } : {}), ...(versionId !== journey.current_version_id ? { version: { before: journey.current_version_id, after: versionId } } : {}) },
    });
    return present(tx, await loadJourney(tx, ctx.principal.workspaceId, id));
  }));
}

const TRANSITIONS = {
  publish: { from: ['draft'], to: 'live' },
  pause: { from: ['live'], to: 'paused' },
  resume: { from: ['paused'], to: 'live' },
  archive: { from: ['draft', 'live', 'paused'], to: 'archived' },
} as const;
export type JourneyTransition = keyof typeof TRANSITIONS;
const JOURNEY_EVENTS: Record<JourneyTransition, string> = { publish: 'published', pause: 'paused', resume: 'resumed', archive: 'archived' };

/**
 * publish (draft → live, a first version), pause, resume (re-queues the held people's current
 * steps) and archive (the people in it are exited).
 */
export async function changeJourneyStatus(ctx: ServiceContext, jobs: JobQueue | null, id: string, transition: JourneyTransition) {
  authorizeWrite(ctx);
  const rule = TRANSITIONS[transition];
  return inTransaction(ctx, async (tx, ctx) => {
    const journey = await loadJourney(tx, ctx.principal.workspaceId, id, true);
    if (!(rule.from as readonly string[]).includes(journey.status)) {
      throw JourneyErrors.JOURNEY_STATUS_CONFLICT({ field: 'status', detail: `A ${journey.status} journey can not ${transition}` });
    }
    let versionId = journey.current_version_id;
    if (transition === 'publish') {
      await validateDefinition(tx, journey.workspace_id, journey.definition);
      versionId = await publishVersion(tx, ctx, journey, journey.definition);
    }
    await tx.updateTable('journey').set({ status: rule.to, current_version_id: versionId, updated_at: new Date() })
      .where('workspace_id', '=', journey.workspace_id).where('id', '=', id).execute();
    if (transition === 'resume') {
      if (!jobs) throw new Error('journeys: resuming needs the job queue');
      const held = await tx.selectFrom('journey_enrollment').select(['id', 'current_node']).where('workspace_id', '=', journey.workspace_id)
        .where('journey_id', '=', id).where('status', '=', 'active').execute();
      // A resumed step gets a fresh job id; the step itself stays idempotent.
      for (const e of held) await jobs.enqueue(ADVANCE_JOB, { workspace_id: journey.workspace_id, enrollment_id: e.id, node_id: e.current_node }, { idempotencyKey: `${e.id}:${e.current_node}:resume:${Date.now()}`, tx });
    }
    if (transition === 'archive') {
      await tx.updateTable('journey_enrollment').set({ status: 'exited', wait_until: null, finished_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', journey.workspace_id).where('journey_id', '=', id).where('status', 'in', ['active', 'waiting']).execute();
    }
    await recordChange(tx, ctx, { entityType: 'journey', entityId: id, action: transition, event: `journey.${JOURNEY_EVENTS[transition]}`, changes: { status: { before: journey.status, after: rule.to } } });
    return present(tx, await loadJourney(tx, ctx.principal.workspaceId, id));
  });
}

export async function deleteJourney(ctx: ServiceContext, id: string): Promise<void> {
  authorizeWrite(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const journey = await loadJourney(tx, ctx.principal.workspaceId, id, true);
    if (journey.status !== 'draft' || journey.current_version_id) throw JourneyErrors.JOURNEY_STATUS_CONFLICT({ detail: 'Only a never-published draft is deleted; archive the others' });
    await tx.deleteFrom('journey').where('workspace_id', '=', journey.workspace_id).where('id', '=', id).execute();
    await recordChange(tx, ctx, { entityType: 'journey', entityId: id, action: 'delete', event: 'journey.deleted', changes: { name: { before: journey.name, after: null } } });
  });
}

/** Per node of a version: people standing on it now (waiting), people who went past it, people whose enrollment ended there. */
export async function versionCounts(ctx: ServiceContext, journeyId: string, versionId?: string) {
  authorizeRead(ctx);
  const journey = await loadJourney(ctx.db, ctx.principal.workspaceId, journeyId);
  const version = versionId ?? journey.current_version_id;
  if (!version) return { version_id: null, nodes: [] };
  const rows = (await sql<{ node_id: string; waiting: number; passed: number; exited: number }>`
    with standing as (
      select current_node as node_id, count(*) filter (where status in ('active', 'waiting'))::int as waiting,
             count(*) filter (where status not in ('active', 'waiting'))::int as exited
      from journey_enrollment where workspace_id = ${ctx.principal.workspaceId} and version_id = ${version} group by current_node
    ), passed as (
      select node_id, count(distinct enrollment_id)::int as passed from journey_step_log
      where workspace_id = ${ctx.principal.workspaceId} and version_id = ${version} and outcome not in ('waiting', 'exited', 'goal_reached', 'webhook_failed') group by node_id
    )
    select coalesce(s.node_id, p.node_id) as node_id, coalesce(s.waiting, 0) as waiting, coalesce(p.passed, 0) as passed, coalesce(s.exited, 0) as exited
    from standing s full join passed p on p.node_id = s.node_id`.execute(ctx.db)).rows;
  const owned = await ctx.db.selectFrom('journey_version').select('id').where('workspace_id', '=', ctx.principal.workspaceId).where('journey_id', '=', journeyId).where('id', '=', version).executeTakeFirst();
  if (!owned) throw JourneyErrors.JOURNEY_NOT_FOUND({ field: 'version_id' });
  return { version_id: version, nodes: rows };
}

/** Enrollments of a journey or of a person, newest first, among the people the reader may see. */
export async function listEnrollments(ctx: ServiceContext, filter: { journeyId?: string; personId?: string }, limit = 100) {
  authorizeRead(ctx);
  const scope = readableScope(ctx.principal, 'person');
  if (!scope) throw PlatformErrors.FORBIDDEN();
  if (filter.personId) {
    // A person of another workspace, or outside the reader's scope, looks missing rather than empty.
    const person = (await sql<{ owner_id: string | null }>`
      select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${filter.personId}`.execute(ctx.db)).rows[0];
    if (!person) throw PlatformErrors.NOT_FOUND();
    authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  }
  const rows = (await sql<{
    id: string; journey_id: string; journey_name: string; version_number: number; person_id: string; person_title: string | null; current_node: string;
    status: EnrollmentStatus; wait_until: Date | null; entered_at: Date; finished_at: Date | null; entry_number: number;
  }>`
    select e.id, e.journey_id, j.name as journey_name, v.number as version_number, e.person_id, p.full_name as person_title, e.current_node,
           e.status, e.wait_until, e.entered_at, e.finished_at, e.entry_number
    from journey_enrollment e
    join journey j on j.workspace_id = e.workspace_id and j.id = e.journey_id
    join journey_version v on v.workspace_id = e.workspace_id and v.id = e.version_id
    join person p on p.workspace_id = e.workspace_id and p.id = e.person_id
    where e.workspace_id = ${ctx.principal.workspaceId} and ${ownersCondition(scope, 'p.owner_id')}
      ${filter.journeyId ? sql`and e.journey_id = ${filter.journeyId}` : sql``}
      ${filter.personId ? sql`and e.person_id = ${filter.personId}` : sql``}
    order by e.entered_at desc, e.id desc limit ${limit}`.execute(ctx.db)).rows;
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { data: rows.map((r) => ({ ...r, wait_until: iso(r.wait_until), entered_at: iso(r.entered_at)!, finished_at: iso(r.finished_at) })) };
}

/** Enrolls one person by hand (for trying a journey out); the re-entry rule still applies. */
export async function enrollManually(ctx: ServiceContext, jobs: JobQueue, journeyId: string, personId: string) {
  authorizeWrite(ctx);
  const journey = await loadJourney(ctx.db, ctx.principal.workspaceId, journeyId);
  if (journey.status !== 'live' || !journey.current_version_id) throw JourneyErrors.JOURNEY_STATUS_CONFLICT({ detail: 'Only a live journey takes people' });
  const person = (await sql<{ owner_id: string | null }>`
    select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw JourneyErrors.JOURNEY_PERSON_NOT_FOUND({ field: 'person_id' });
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  const version = await ctx.db.selectFrom('journey_version').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', journey.current_version_id).executeTakeFirstOrThrow();
  const id = await enrollPerson(ctx.db, jobs, version, personId, `manual:${newId()}`);
  if (!id) throw JourneyErrors.JOURNEY_NOT_ENROLLED({ field: 'person_id' });
  jobs.nudge(ADVANCE_JOB);
  return { enrollment_id: id };
}

