import { createHash, createHmac } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { Config } from '../../platform/config.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import type { RecordRegistry } from '../../platform/records/records.routes.ts';
import { createRecord, filterContextFor, getRecord, updateRecord } from '../../platform/records/records.service.ts';
import { activityRecordType } from '../activities/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { personRecordType } from '../people/index.ts';
import { compileRules } from '../segments/index.ts';
import { renderTemplate } from '../templates/index.ts';
import type { JourneyDefinition, JourneyNode, JourneyTrigger } from './journey-graph.schema.ts';
import type { JourneyEnrollmentTable, JourneyVersionTable } from './journeys.tables.ts';

export const ADVANCE_JOB = 'journeys.advance';
export const WAKE_JOB = 'journeys.wake';
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Jobs receive only the config, so the app's config names its job queue (set when routes register). */
const queues = new WeakMap<object, JobQueue>();
/** Event handlers receive only the database, so the app's database names it too. */
export function setJourneyQueue(config: Config, db: Db, jobs: JobQueue): void {
  queues.set(config, jobs);
  queues.set(db, jobs);
}
export function journeyQueue(owner: Config | Db): JobQueue {
  const jobs = queues.get(owner);
  if (!jobs) throw new Error('journeys: no job queue registered for this app');
  return jobs;
}

export interface EngineDeps {
  db: Db;
  jobs: JobQueue;
  log: Logger;
  records: RecordRegistry;
}

type Version = Selectable<JourneyVersionTable>;
type Enrollment = Selectable<JourneyEnrollmentTable>;
export type AdvanceData = { workspace_id: string; enrollment_id: string; node_id: string };

const system = (db: Db, workspaceId: string): ServiceContext => ({ db, principal: systemPrincipal(workspaceId) });

/** The job that runs one node of one enrollment; its id names both, so a retried or repeated enqueue runs it once. */
export async function enqueueAdvance(jobs: JobQueue, tx: Db, data: AdvanceData): Promise<void> {
  await jobs.enqueue(ADVANCE_JOB, data, { idempotencyKey: `${data.enrollment_id}:${data.node_id}`, tx });
}

function nextNode(definition: JourneyDefinition, from: string, branch?: string): string | null {
  return definition.graph.edges.find((e) => e.from === from && e.branch === branch)?.to ?? null;
}

/** The person an event is about: a person event's entity, else the person it references. */
export function personOf(event: DomainEvent): string | null {
  if (event.entityType === 'person') return event.entityId;
  const references = event.payload.references as Record<string, { id?: string }> | undefined;
  const fromPayload = references?.person_id?.id ?? event.payload.person_id;
  return typeof fromPayload === 'string' ? fromPayload : null;
}

/**
 * Enrolls a person in a version, if the journey's re-entry rule lets them in and they are not in
 * it already. Idempotent per (version, person, trigger key): the same event enrolls once.
 * Returns the enrollment id, or null when nobody was enrolled.
 */
export async function enrollPerson(db: Db, jobs: JobQueue, version: Version, personId: string, triggerKey: string): Promise<string | null> {
  const definition = version.definition;
  const trigger = definition.graph.nodes.find((n) => n.type === 'trigger')!;
  return db.transaction().execute(async (tx) => {
    // One person's entries into one journey take turns, so two triggers at once can't both pass the rule.
    await sql`select pg_advisory_xact_lock(hashtext(${`journey:${version.journey_id}:${personId}`}))`.execute(tx);
    const previous = await tx.selectFrom('journey_enrollment').select(['status', 'entered_at', 'entry_number', 'trigger_key', 'version_id'])
      .where('workspace_id', '=', version.workspace_id).where('journey_id', '=', version.journey_id).where('person_id', '=', personId)
      .orderBy('entry_number', 'desc').execute();
    if (previous.some((p) => p.version_id === version.id && p.trigger_key === triggerKey)) return null;
    if (previous.some((p) => p.status === 'active' || p.status === 'waiting')) return null;
    const last = previous[0];
    const rule = definition.reentry;
    if (last && rule.mode === 'once') return null;
    if (last && rule.mode === 'after_days' && Date.now() - new Date(last.entered_at).getTime() < rule.days * 86_400_000) return null;
    const id = newId();
    await tx.insertInto('journey_enrollment').values({
      workspace_id: version.workspace_id, id, journey_id: version.journey_id, version_id: version.id, person_id: personId,
      trigger_key: triggerKey, entry_number: (last?.entry_number ?? 0) + 1, current_node: trigger.id, status: 'active', updated_at: new Date(),
    }).execute();
    await enqueueAdvance(jobs, tx, { workspace_id: version.workspace_id, enrollment_id: id, node_id: trigger.id });
    return id;
  });
}

async function log(tx: Tx, enrollment: Enrollment, nodeId: string, outcome: string, detail: string | null = null) {
  await tx.insertInto('journey_step_log').values({
    workspace_id: enrollment.workspace_id, id: newId(), enrollment_id: enrollment.id, version_id: enrollment.version_id, node_id: nodeId, outcome, detail,
  }).execute();
}

/** Moves an enrollment past a node along an edge (or finishes it when the node is the last), logging the step. */
async function moveOn(tx: Tx, jobs: JobQueue, enrollment: Enrollment, definition: JourneyDefinition, node: JourneyNode, outcome: string, branch?: string, detail?: string) {
  await log(tx, enrollment, node.id, outcome, detail ?? null);
  const next = nextNode(definition, node.id, branch);
  if (!next) {
    await finish(tx, enrollment, 'completed');
    return;
  }
  await tx.updateTable('journey_enrollment').set({ current_node: next, status: 'active', wait_until: null, updated_at: new Date() })
    .where('workspace_id', '=', enrollment.workspace_id).where('id', '=', enrollment.id).execute();
  await enqueueAdvance(jobs, tx, { workspace_id: enrollment.workspace_id, enrollment_id: enrollment.id, node_id: next });
}

async function finish(tx: Tx, enrollment: Pick<Enrollment, 'workspace_id' | 'id'>, status: 'completed' | 'exited' | 'goal_reached' | 'failed') {
  await tx.updateTable('journey_enrollment').set({ status, wait_until: null, finished_at: new Date(), updated_at: new Date() })
    .where('workspace_id', '=', enrollment.workspace_id).where('id', '=', enrollment.id).execute();
}

/** A stable bucket 0–99 for a person at a split: the same person always takes the same branch. */
export function splitBucket(versionId: string, nodeId: string, personId: string): number {
  return createHash('sha256').update(`${versionId}:${nodeId}:${personId}`).digest().readUInt32BE(0) % 100;
}

function pickBranch(node: Extract<JourneyNode, { type: 'split' }>, bucket: number): string {
  let upTo = 0;
  for (const branch of node.branches) {
    upTo += branch.percent;
    if (bucket < upTo) return branch.key;
  }
  return node.branches.at(-1)!.key;
}

/** Whether one person matches a segment rule now: the segments compiler's condition over that person's row. */
export async function personMatches(db: Db, workspaceId: string, personId: string, rule: Extract<JourneyNode, { type: 'condition' }>['rule']): Promise<boolean> {
  const filtering = await filterContextFor(system(db, workspaceId), personRecordType);
  const condition = compileRules({ workspaceId, filtering }, rule);
  const row = (await sql<{ matches: boolean }>`
    select exists (select 1 from person where person.workspace_id = ${workspaceId} and person.id = ${personId} and ${condition}) as matches`.execute(db)).rows[0];
  return row?.matches === true;
}

/** The next moment a local HH:MM comes in a time zone. */
async function nextLocalTime(db: Db, at: string, timeZone: string): Promise<Date> {
  const row = (await sql<{ until: Date }>`
    with local as (select now() at time zone ${timeZone} as t, ${at}::time as at)
    select (case when date_trunc('day', t) + at > t then date_trunc('day', t) + at else date_trunc('day', t) + interval '1 day' + at end)
      at time zone ${timeZone} as until from local`.execute(db)).rows[0]!;
  return new Date(row.until);
}

const sendKey = (enrollment: Enrollment, nodeId: string) =>
  `journey:${enrollment.version_id}:node:${nodeId}:person:${enrollment.person_id}${enrollment.entry_number > 1 ? `:entry:${enrollment.entry_number}` : ''}`;

/** A webhook call without a 2xx answer; `reason` (the status, or the network error) goes into the step log. */
class WebhookFailed extends Error {
  constructor(url: string, readonly reason: string) {
    super(`journeys: webhook ${url} failed: ${reason}`);
  }
}

async function callWebhook(node: Extract<JourneyNode, { type: 'webhook' }>, body: object, key: string): Promise<number> {
  const payload = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': key };
  if (node.secret) headers['x-rapport-signature'] = `sha256=${createHmac('sha256', node.secret).update(payload).digest('hex')}`;
  let response: Response;
  try {
    response = await fetch(node.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string } };
    throw new WebhookFailed(node.url, failure.name === 'TimeoutError' ? `no answer in ${WEBHOOK_TIMEOUT_MS / 1000} s` : (failure.cause?.code ?? failure.message));
  }
  if (!response.ok) throw new WebhookFailed(node.url, `HTTP ${response.status}`);
  return response.status;
}

async function loadState(db: Db, workspaceId: string, enrollmentId: string, lock: boolean) {
  let query = db.selectFrom('journey_enrollment').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', enrollmentId);
  if (lock) query = query.forUpdate();
  const enrollment = await query.executeTakeFirst();
  if (!enrollment) return null;
  const [version, journey] = await Promise.all([
    db.selectFrom('journey_version').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', enrollment.version_id).executeTakeFirstOrThrow(),
    db.selectFrom('journey').select('status').where('workspace_id', '=', workspaceId).where('id', '=', enrollment.journey_id).executeTakeFirstOrThrow(),
  ]);
  return { enrollment, version, journeyStatus: journey.status };
}

/**
 * Runs the node an enrollment stands on and moves it along. Safe to run again: an enrollment no
 * longer active on that node is left alone, a send carries an idempotency key per (version, node,
 * person), so a crash between sending and moving on sends once. A paused journey holds its people.
 */
export async function advanceEnrollment(deps: EngineDeps, data: AdvanceData, attempt: { isFinal: boolean } = { isFinal: false }): Promise<void> {
  const { db, jobs, records } = deps;
  const workspaceId = data.workspace_id;
  const peek = await loadState(db, workspaceId, data.enrollment_id, false);
  if (!peek || peek.enrollment.status !== 'active' || peek.enrollment.current_node !== data.node_id || peek.journeyStatus !== 'live') return;
  const definition = peek.version.definition;
  const node = definition.graph.nodes.find((n) => n.id === data.node_id);
  if (!node) return;
  // Work that talks to the outside world or renders happens before the enrollment's row is locked.
  let prepared: { subject?: string; html?: string; text: string; purpose: 'marketing' | 'service' | 'transactional' } | null = null;
  let webhookStatus: number | null = null;
  let webhookFailure: string | null = null;
  if (node.type === 'send') {
    const template = await db.selectFrom('message_template').select('purpose').where('workspace_id', '=', workspaceId).where('id', '=', node.template_id).executeTakeFirst();
    if (template) {
      const rendered = await renderTemplate(db, workspaceId, node.template_id, peek.enrollment.person_id);
      prepared = { subject: rendered.subject ?? undefined, html: rendered.html ?? undefined, text: rendered.text, purpose: template.purpose };
    }
  }
  if (node.type === 'webhook') {
    try {
      webhookStatus = await callWebhook(node, {
        journey_id: peek.enrollment.journey_id, version_id: peek.version.id, version: peek.version.number, node_id: node.id,
        enrollment_id: peek.enrollment.id, person_id: peek.enrollment.person_id, entered_at: peek.enrollment.entered_at,
      }, `${peek.enrollment.id}:${node.id}`);
    } catch (error) {
      // The job queue retries a failed call; once its retries are spent the enrollment ends as failed
      // instead of standing on the step for ever.
      if (!(error instanceof WebhookFailed) || !attempt.isFinal) throw error;
      webhookFailure = error.reason;
    }
  }
  await db.transaction().execute(async (tx) => {
    const state = await loadState(tx, workspaceId, data.enrollment_id, true);
    if (!state || state.enrollment.status !== 'active' || state.enrollment.current_node !== node.id) return;
    const { enrollment } = state;
    const ctx = system(tx, workspaceId);
    const resolve = records.resolverFor(tx, workspaceId);
    switch (node.type) {
      case 'trigger': return moveOn(tx, jobs, enrollment, definition, node, 'entered');
      case 'wait': {
        const person = (await sql<{ time_zone: string | null }>`
          select time_zone from person where workspace_id = ${workspaceId} and id = ${enrollment.person_id}`.execute(tx)).rows[0];
        const until = node.wait.mode === 'duration'
          ? new Date(Date.now() + node.wait.minutes * 60_000)
          : await nextLocalTime(tx, node.wait.at, person?.time_zone ?? 'UTC');
        await tx.updateTable('journey_enrollment').set({ status: 'waiting', wait_until: until, updated_at: new Date() })
          .where('workspace_id', '=', workspaceId).where('id', '=', enrollment.id).execute();
        return log(tx, enrollment, node.id, 'waiting', until.toISOString());
      }
      case 'condition': {
        const matches = await personMatches(tx, workspaceId, enrollment.person_id, node.rule);
        return moveOn(tx, jobs, enrollment, definition, node, matches ? 'yes' : 'no', matches ? 'yes' : 'no');
      }
      case 'split': {
        const branch = pickBranch(node, splitBucket(enrollment.version_id, node.id, enrollment.person_id));
        return moveOn(tx, jobs, enrollment, definition, node, branch, branch);
      }
      case 'send': {
        if (!prepared) return moveOn(tx, jobs, enrollment, definition, node, 'skipped', undefined, 'the template was deleted');
        const { message } = await queueMessage(ctx, jobs, {
          person_id: enrollment.person_id, channel: node.channel, purpose: prepared.purpose, source: 'journey', source_id: enrollment.journey_id,
          idempotency_key: sendKey(enrollment, node.id), content: { subject: prepared.subject, html: prepared.html, text: prepared.text },
        });
        return moveOn(tx, jobs, enrollment, definition, node, 'sent', undefined, message.id);
      }
      case 'update': {
        const update = node.update;
        let patch: Record<string, unknown>;
        if (update.action === 'set_field') patch = { [update.field]: update.value };
        else {
          const person = await getRecord(ctx, personRecordType, enrollment.person_id);
          const tags = new Set((person.tags as string[] | null) ?? []);
          if (update.action === 'add_tag') tags.add(update.tag);
          else tags.delete(update.tag);
          patch = { tags: [...tags] };
        }
        await updateRecord(ctx, personRecordType, enrollment.person_id, patch, resolve);
        return moveOn(tx, jobs, enrollment, definition, node, 'updated');
      }
      case 'task': {
        const person = await getRecord(ctx, personRecordType, enrollment.person_id);
        const task = await createRecord(ctx, activityRecordType, {
          kind: 'task', subject: node.subject, person_id: enrollment.person_id, due_at: new Date(Date.now() + node.due_in_hours * 3_600_000).toISOString(),
          ...(person.owner_id ? { owner_id: person.owner_id } : {}),
        }, resolve);
        return moveOn(tx, jobs, enrollment, definition, node, 'task_created', undefined, String(task.id));
      }
      case 'webhook': {
        if (webhookFailure === null) return moveOn(tx, jobs, enrollment, definition, node, 'called', undefined, String(webhookStatus));
        await log(tx, enrollment, node.id, 'webhook_failed', webhookFailure);
        return finish(tx, enrollment, 'failed');
      }
      case 'exit': {
        await log(tx, enrollment, node.id, 'exited');
        return finish(tx, enrollment, 'exited');
      }
    }
  });
}

/**
 * Wakes enrollments whose wait is over: each moves past its wait node and its next node's job is
 * queued. Rows are taken with skip locked, so two workers share the work.
 */
export async function wakeDueEnrollments(db: Db, jobs: JobQueue, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = await tx.selectFrom('journey_enrollment as e').innerJoin('journey as j', (join) => join.onRef('j.workspace_id', '=', 'e.workspace_id').onRef('j.id', '=', 'e.journey_id'))
      .selectAll('e').where('e.status', '=', 'waiting').where('e.wait_until', '<=', now).where('j.status', '=', 'live')
      .orderBy('e.wait_until').limit(500).forUpdate('e').skipLocked().execute();
    for (const enrollment of due) {
      const version = await tx.selectFrom('journey_version').select('definition').where('workspace_id', '=', enrollment.workspace_id).where('id', '=', enrollment.version_id).executeTakeFirstOrThrow();
      const node = version.definition.graph.nodes.find((n) => n.id === enrollment.current_node)!;
      await moveOn(tx, jobs, enrollment, version.definition, node, 'passed');
    }
    return due.length;
  });
}

/** The current version of each live journey whose trigger matches. */
async function liveVersions(db: Db, workspaceId: string, filter: { event?: string; kinds?: JourneyTrigger['kind'][] }): Promise<Version[]> {
  let query = db.selectFrom('journey_version as v').innerJoin('journey as j', (join) => join.onRef('j.workspace_id', '=', 'v.workspace_id').onRef('j.current_version_id', '=', 'v.id'))
    .selectAll('v').where('v.workspace_id', '=', workspaceId).where('j.status', '=', 'live');
  if (filter.event) query = query.where('v.trigger_event', '=', filter.event);
  const rows = await query.execute();
  if (!filter.kinds) return rows;
  return rows.filter((v) => filter.kinds!.includes(triggerOf(v.definition).kind));
}

export function triggerOf(definition: JourneyDefinition): JourneyTrigger {
  return (definition.graph.nodes.find((n) => n.type === 'trigger') as Extract<JourneyNode, { type: 'trigger' }>).trigger;
}

/**
 * Every domain event: first a goal event ends the person's matching enrollments as goal reached,
 * then live journeys triggered by the event (or by entering/leaving the named segment) enroll the person.
 */
export async function handleJourneyEvent(db: Db, jobs: JobQueue, event: DomainEvent): Promise<void> {
  const personId = personOf(event);
  if (!personId) return;
  if (event.name === 'person.deleted') {
    // Nobody left to send to: the person's journeys end where they stand.
    await db.updateTable('journey_enrollment').set({ status: 'exited', wait_until: null, finished_at: new Date(), updated_at: new Date() })
      .where('workspace_id', '=', event.workspaceId).where('person_id', '=', personId).where('status', 'in', ['active', 'waiting']).execute();
    return;
  }
  const reached = (await sql<Enrollment>`
    update journey_enrollment e set status = 'goal_reached', wait_until = null, finished_at = now(), updated_at = now()
    from journey_version v
    where e.workspace_id = ${event.workspaceId} and e.person_id = ${personId} and e.status in ('active', 'waiting')
      and v.workspace_id = e.workspace_id and v.id = e.version_id and ${event.name} = any(v.goal_events)
    returning e.*`.execute(db)).rows;
  if (reached.length > 0) {
    await db.insertInto('journey_step_log').values(reached.map((e) => ({
      workspace_id: e.workspace_id, id: newId(), enrollment_id: e.id, version_id: e.version_id, node_id: e.current_node, outcome: 'goal_reached', detail: event.name,
    }))).execute();
  }
  for (const version of await liveVersions(db, event.workspaceId, { event: event.name })) {
    const trigger = triggerOf(version.definition);
    if (trigger.kind === 'segment' && event.payload.segment_id !== trigger.segment_id) continue;
    await enrollPerson(db, jobs, version, personId, event.id);
  }
}

/** The people a date trigger picks on a workspace-local day; order times are read as that day's dates in the workspace's zone. */
async function peopleForDate(db: Db, workspaceId: string, trigger: Extract<JourneyTrigger, { kind: 'date' }>, local: LocalClock): Promise<string[]> {
  const day = sql`(${local.day}::date - ${trigger.offset_days}::integer)`;
  if (trigger.field === 'birthday') {
    return (await sql<{ id: string }>`select id from person where workspace_id = ${workspaceId} and birthday is not null
      and to_char(birthday, 'MM-DD') = to_char(${day}, 'MM-DD')`.execute(db)).rows.map((r) => r.id);
  }
  const orders = sql`from sales_order o where o.workspace_id = ${workspaceId} and o.person_id is not null and o.status not in ('cancelled', 'returned')
    ${trigger.category ? sql`and exists (select 1 from order_line l where l.workspace_id = o.workspace_id and l.order_id = o.id and l.category = ${trigger.category})` : sql``}`;
  if (trigger.field === 'last_order') {
    return (await sql<{ id: string }>`select o.person_id as id ${orders} group by o.person_id
      having (max(o.placed_at) at time zone ${local.timeZone})::date = ${day}`.execute(db)).rows.map((r) => r.id);
  }
  // The person's own rhythm: last order + their average interval between orders (two orders at least).
  return (await sql<{ id: string }>`select o.person_id as id ${orders} group by o.person_id having count(*) >= 2
    and ((max(o.placed_at) + (max(o.placed_at) - min(o.placed_at)) / (count(*) - 1)) at time zone ${local.timeZone})::date = ${day}`.execute(db)).rows.map((r) => r.id);
}

/** A moment as a workspace's wall clock shows it: its local day and HH:MM, in its time zone. */
interface LocalClock { timeZone: string; day: string; minute: string }

/**
 * The minute tick for date and schedule triggers: a journey whose time of day is this minute on
 * its workspace's clock enrolls its people for that local day (the trigger key names the day, so
 * a repeated tick enrolls nobody twice).
 */
export async function runTimedTriggers(db: Db, jobs: JobQueue, now = new Date()): Promise<number> {
  const workspaces = (await sql<{ workspace_id: string } & LocalClock>`
    select w.id as workspace_id, w.time_zone as "timeZone",
           to_char(${now}::timestamptz at time zone w.time_zone, 'YYYY-MM-DD') as day,
           to_char(${now}::timestamptz at time zone w.time_zone, 'HH24:MI') as minute
    from workspace w where exists (select 1 from journey j where j.workspace_id = w.id and j.status = 'live')`.execute(db)).rows;
  let enrolled = 0;
  for (const { workspace_id, ...local } of workspaces) {
    for (const version of await liveVersions(db, workspace_id, { kinds: ['date', 'schedule'] })) {
      const trigger = triggerOf(version.definition);
      if (trigger.kind !== 'date' && trigger.kind !== 'schedule') continue;
      if (trigger.at !== local.minute) continue;
      const people = trigger.kind === 'date'
        ? await peopleForDate(db, workspace_id, trigger, local)
        : (await db.selectFrom('segment_member').select('person_id').where('workspace_id', '=', workspace_id).where('segment_id', '=', trigger.segment_id).execute()).map((m) => m.person_id);
      for (const personId of people) {
        if (await enrollPerson(db, jobs, version, personId, `${trigger.kind}:${local.day}`)) enrolled += 1;
      }
    }
  }
  return enrolled;
}
