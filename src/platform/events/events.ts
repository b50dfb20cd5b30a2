import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/database.ts';
import type { ServiceContext } from '../context.ts';
import { newId } from '../ids.ts';
import type { RecordRegistry } from '../records/records.routes.ts';
import type { JobQueue } from '../jobs/jobs.ts';

/** A named fact about the workspace, e.g. person.created or deal.stage_changed. */
export interface DomainEvent {
  id: string;
  workspaceId: string;
  name: string;
  entityType: string | null;
  entityId: string | null;
  payload: Record<string, unknown>;
  actorType: string;
  actorId: string | null;
  occurredAt: string;
}

export interface EmitEventInput {
  name: string;
  entityType?: string;
  entityId?: string;
  payload?: Record<string, unknown>;
}

/** Stores the event in the outbox, in the same transaction as the change it describes. */
export async function emitEvent(tx: Tx, ctx: ServiceContext, event: EmitEventInput): Promise<string> {
  const row = eventRow(ctx, event);
  await tx.insertInto('domain_event').values(row).execute();
  return row.id;
}

/**
 * Stores many events in the outbox, a thousand rows per statement: for set-wise changes such as
 * a segment's evaluation, where one person entering is one event.
 */
export async function emitEvents(tx: Tx, ctx: ServiceContext, events: readonly EmitEventInput[]): Promise<void> {
  for (let start = 0; start < events.length; start += 1000) {
    await tx.insertInto('domain_event').values(events.slice(start, start + 1000).map((event) => eventRow(ctx, event))).execute();
  }
}

export function eventRow(ctx: ServiceContext, event: EmitEventInput) {
  return {
    workspace_id: ctx.principal.workspaceId,
    id: newId(),
    name: event.name,
    entity_type: event.entityType ?? null,
    entity_id: event.entityId ?? null,
    payload: JSON.stringify(event.payload ?? {}),
    actor_type: ctx.principal.kind,
    actor_id: ctx.principal.id,
  };
}

export interface EventHandlerContext {
  db: Db;
  log: Logger;
  records: RecordRegistry;
}

/**
 * A subscriber to domain events. Each runs as its own durable job queue, so a slow or failing
 * handler is retried on its own without holding back the others.
 */
export interface EventSubscription {
  /** Unique, stable name, e.g. 'timeline.record-activity'; it names the handler's queue. */
  handler: string;
  /** Event names; 'person.*' matches every person event, '*' matches all. */
  events: string[];
  handle(event: DomainEvent, ctx: EventHandlerContext): Promise<void>;
  retryLimit?: number;
}

function matches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export const handlerQueueName = (handler: string) => `event.${handler}`;

/**
 * Moves committed events from the outbox to their subscribers' job queues. Job ids are derived
 * from (event, handler), so relaying an event twice (after a crash mid-way) delivers it once.
 */
export class EventRelay {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #isStopped = false;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly subscriptions: EventSubscription[],
    private readonly log: Logger,
  ) {}

  static defineHandlerJobs(jobs: JobQueue, subscriptions: EventSubscription[], db: Db): void {
    for (const sub of subscriptions) {
      jobs.define<DomainEvent>({
        name: handlerQueueName(sub.handler),
        retryLimit: sub.retryLimit ?? 8,
        retryBackoff: true,
        batchSize: 100,
        handle: (event, ctx) => sub.handle(event, { db, log: ctx.log, records: ctx.records }),
      });
    }
  }

  /** Relays one batch of pending events; returns how many it took. */
  async relayBatch(limit = 200): Promise<number> {
    const queues = new Set<string>();
    const relayed = await this.db.transaction().execute(async (tx) => {
      const pending = await sql<{
        workspace_id: string; id: string; name: string; entity_type: string | null; entity_id: string | null;
        payload: Record<string, unknown>; actor_type: string; actor_id: string | null; occurred_at: Date;
      }>`
        select workspace_id, id, name, entity_type, entity_id, payload, actor_type, actor_id, occurred_at
        from domain_event where dispatched_at is null
        order by id limit ${limit} for update skip locked`.execute(tx);
      if (pending.rows.length === 0) return 0;
      const deliveries = [];
      for (const row of pending.rows) {
        const event: DomainEvent = {
          id: row.id, workspaceId: row.workspace_id, name: row.name, entityType: row.entity_type, entityId: row.entity_id,
          payload: row.payload, actorType: row.actor_type, actorId: row.actor_id, occurredAt: row.occurred_at.toISOString(),
        };
        for (const sub of this.subscriptions) {
          if (sub.events.some((p) => matches(p, event.name))) {
            deliveries.push({ name: handlerQueueName(sub.handler), data: { ...event }, idempotencyKey: event.id });
          }
        }
      }
      await this.jobs.enqueueMany(deliveries, { tx });
      await tx
        .updateTable('domain_event')
        .set({ dispatched_at: new Date() })
        .where('id', 'in', pending.rows.map((r) => r.id))
        .execute();
      for (const d of deliveries) queues.add(d.name);
      return pending.rows.length;
    });
    // Wake the workers only now: before the commit they would find nothing.
    for (const queue of queues) this.jobs.nudge(queue);
    return relayed;
  }

  /** Relays until the outbox is empty. Concurrent calls share one run. */
  drain(): Promise<number> {
    this.#running ??= (async () => {
      let total = 0;
      try {
        for (let n = await this.relayBatch(); n > 0; n = await this.relayBatch()) total += n;
      } finally {
        this.#running = undefined;
      }
      return total;
    })();
    return this.#running;
  }

  start(intervalMs = 500): void {
    const tick = async () => {
      try {
        await this.drain();
      } catch (error) {
        if (!this.#isStopped) this.log.error({ err: error }, 'event relay failed');
      }
      if (!this.#isStopped) this.#timer = setTimeout(tick, intervalMs);
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.#isStopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
