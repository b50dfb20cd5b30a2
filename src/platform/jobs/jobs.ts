import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { DbConnection } from '../db/connect.ts';
import { deterministicUuid } from '../ids.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { RecordRegistry } from '../records/records.routes.ts';

export interface JobContext {
  db: Db;
  log: Logger;
  jobId: string;
  /** Whether this is the job's last try: a failure now is final, no retry follows. */
  isFinalAttempt: boolean;
  /** The record types, for jobs that work on any of them (imports, exports). */
  records: RecordRegistry;
  config: Config;
  mailer: Mailer;
}

/** What the queue hands every job besides its data and database. */
export type JobServices = Pick<JobContext, 'records' | 'config' | 'mailer'>;

/** A durable background job. Modules declare these in their manifest. */
export interface JobDefinition<T = Record<string, unknown>> {
  name: string;
  handle(data: T, ctx: JobContext): Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * How long one attempt may run before it counts as failed and is retried (pg-boss's default
   * is 15 minutes). Long jobs that checkpoint, like imports, raise it.
   */
  expireInSeconds?: number;
  /** Exponential backoff between retries (pg-boss doubles the delay, with jitter). */
  retryBackoff?: boolean;
  /** Cron expression: the job is also scheduled, once per workspace cluster, on this timetable. */
  cron?: string;
  /**
   * How many jobs one worker takes per fetch. pg-boss waits a polling interval between fetches,
   * so this bounds a queue's throughput per process (default 20 per second).
   */
  batchSize?: number;
  /**
   * How many jobs of a fetched batch run at once (default 1: one after another). Jobs that mostly
   * wait on the network, like deliveries, raise it; each still succeeds or fails on its own.
   */
  concurrency?: number;
}

export interface EnqueueOptions {
  /** The same key enqueues the job once; later sends with it are ignored. */
  idempotencyKey?: string;
  startAfter?: Date;
  /** Enqueue inside this transaction, so the job exists only if the change commits. */
  tx?: Db;
}

/** Lets pg-boss write through a Kysely transaction, so jobs commit or roll back with it. */
function bossAdapter(tx: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({ rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }),
  };
}

const QUEUE_NAME = /^[a-z0-9][a-z0-9._-]{0,120}$/;

/** The pg-boss queue in the application's own database, behind a small typed surface. */
export class JobQueue {
  readonly #boss: PgBoss;
  /** On PostgreSQL the queue's own connections, closed by `stop()` once no worker waits on them. */
  readonly #pool: pg.Pool | null = null;
  readonly #definitions = new Map<string, JobDefinition<never>>();
  readonly #workerIds = new Map<string, string[]>();
  #isStarted = false;
  #isWorking = false;

  constructor(
    private readonly conn: DbConnection,
    private readonly log: Logger,
    private readonly services: JobServices,
    private readonly pollingIntervalSeconds = 1,
  ) {
    const common = { schema: 'pgboss', supervise: true, schedule: true, migrate: true };
    if (conn.kind === 'postgres') {
      const pool = new pg.Pool({ connectionString: conn.connectionString, max: 4, application_name: 'pgboss' });
      pool.on('error', (error) => this.log.error({ err: error }, 'job queue connection error'));
      this.#pool = pool;
      this.#boss = new PgBoss({ ...common, db: { executeSql: (text, values) => pool.query(text, values) } });
    } else {
      this.#boss = new PgBoss({ ...common, db: { executeSql: (text, values) => conn.executeSql(text, values) } });
    }
    this.#boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    if (!QUEUE_NAME.test(definition.name)) throw new Error(`Invalid job name: ${definition.name}`);
    if (this.#definitions.has(definition.name)) throw new Error(`Job defined twice: ${definition.name}`);
    this.#definitions.set(definition.name, definition as JobDefinition<never>);
  }

  /** Creates the queue schema and every declared queue and schedule. Safe to call from many processes. */
  async start(): Promise<void> {
    // Creating queues adds table partitions; processes doing it at once deadlock, so take turns.
    await this.conn.withExclusiveLock(7263002, () => this.#createQueues());
    this.#isStarted = true;
  }

  async #createQueues(): Promise<void> {
    await this.#boss.start();
    for (const def of this.#definitions.values()) {
      const options = {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: def.retryBackoff ?? true,
        ...(def.expireInSeconds ? { expireInSeconds: def.expireInSeconds } : {}),
      };
      const existing = await this.#boss.getQueue(def.name);
      if (existing) await this.#boss.updateQueue(def.name, { name: def.name, ...options });
      else await this.#boss.createQueue(def.name, { name: def.name, ...options });
      if (def.cron) await this.#boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
    }
  }

  /** Starts pulling jobs in this process. API-only processes on PostgreSQL may skip this. */
  async work(): Promise<void> {
    for (const def of this.#definitions.values()) {
      const id = await this.#boss.work<Record<string, unknown>>(
        def.name,
        { batchSize: def.batchSize ?? 20, pollingIntervalSeconds: this.pollingIntervalSeconds, includeMetadata: true },
        async (jobs) => {
          // Jobs of a batch succeed or fail one by one: a failure retries only its own job.
          const runJob = async (job: PgBoss.JobWithMetadata<Record<string, unknown>>) => {
            const log = this.log.child({ job: def.name, jobId: job.id });
            try {
              await def.handle(job.data as never, { ...this.services, db: this.conn.db, log, jobId: job.id, isFinalAttempt: job.retryCount >= job.retryLimit });
            } catch (error) {
              log.warn({ err: error }, 'job failed');
              await this.#boss.fail(def.name, job.id, { message: (error as Error).message });
            }
          };
          let next = 0;
          const lane = async () => {
            while (next < jobs.length) await runJob(jobs[next++]!);
          };
          await Promise.all(Array.from({ length: Math.min(def.concurrency ?? 1, jobs.length) }, lane));
        },
      );
      this.#workerIds.set(def.name, [...(this.#workerIds.get(def.name) ?? []), id]);
    }
    this.#isWorking = true;
  }

  async enqueue(name: string, data: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string | null> {
    if (!this.#definitions.has(name)) throw new Error(`Unknown job: ${name}`);
    const sendOptions: PgBoss.SendOptions = {};
    if (options.idempotencyKey) sendOptions.id = deterministicUuid('job', name, options.idempotencyKey);
    if (options.startAfter) sendOptions.startAfter = options.startAfter;
    if (options.tx) sendOptions.db = bossAdapter(options.tx);
    const id = await this.#boss.send(name, data, sendOptions);
    if (!options.tx) this.nudge(name);
    return id;
  }

  /** Inserts many jobs at once; ids derived from keys make a repeated insert a no-op. */
  async enqueueMany(jobs: { name: string; data: Record<string, unknown>; idempotencyKey: string }[], options: { tx?: Db } = {}): Promise<void> {
    if (jobs.length === 0) return;
    const rows = jobs.map((j) => ({ name: j.name, data: j.data, id: deterministicUuid('job', j.name, j.idempotencyKey) }));
    if (options.tx) {
      // The caller nudges after its commit; the jobs are invisible to workers until then.
      await this.#boss.insert(rows, { db: bossAdapter(options.tx) });
      return;
    }
    await this.#boss.insert(rows);
    for (const name of new Set(jobs.map((j) => j.name))) this.nudge(name);
  }

  /** Wakes this process's workers for a queue instead of waiting for their next poll. */
  nudge(name: string): void {
    for (const id of this.#workerIds.get(name) ?? []) this.#boss.notifyWorker(id);
  }

  get isStarted(): boolean {
    return this.#isStarted;
  }

  get isWorking(): boolean {
    return this.#isWorking;
  }

  get boss(): PgBoss {
    return this.#boss;
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.#isStarted) return;
    this.#isStarted = false;
    await this.#boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
    if (this.#pool) await this.#closePool(this.#pool);
  }

  /**
   * pg-boss stops once no job runs, while workers of idle queues may still be waiting for a
   * connection to fetch with. A pool closed under them never answers, so those workers never end
   * and pg-boss checks on them every second for ever, keeping the process alive. So the pool is
   * closed only when nothing has waited on it for a moment (a fetch takes milliseconds).
   */
  async #closePool(pool: pg.Pool): Promise<void> {
    const deadline = Date.now() + 5_000;
    let quietChecks = 0;
    while (quietChecks < 3 && Date.now() < deadline) {
      const isQuiet = pool.waitingCount === 0 && pool.idleCount === pool.totalCount;
      quietChecks = isQuiet ? quietChecks + 1 : 0;
      await sleep(50);
    }
    await pool.end();
  }
}
