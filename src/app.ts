import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './platform/config.ts';
import { openDatabase, type DbConnection } from './platform/db/connect.ts';
import { runMigrations, type MigrationSource } from './platform/db/migrator.ts';
import './platform/db/platform-tables.ts';
import { EventRelay } from './platform/events/events.ts';
import { createHttpServer, type ApiApp } from './platform/http/server.ts';
import { JobQueue } from './platform/jobs/jobs.ts';
import { housekeepingJob } from './platform/housekeeping.ts';
import { createMailer } from './platform/mail/mailer.ts';
import type { RapportModule } from './platform/module.ts';
import { registerAuthRoutes } from './platform/auth/auth.routes.ts';
import { registerSettingsRoutes } from './platform/auth/settings.routes.ts';
import { registerAuditRoutes } from './platform/audit/audit.routes.ts';
import { RecordRegistry, registerRecordRoutes } from './platform/records/records.routes.ts';
import { stripCustomValuesSubscription } from './platform/records/custom-fields.ts';
import { privacyJobs, registerPrivacyRoutes } from './platform/privacy/privacy.routes.ts';
import { privacyDepsOf } from './platform/privacy/erasure.service.ts';
import { allModules } from './modules/index.ts';

export interface RapportApp {
  config: Config;
  conn: DbConnection;
  http: ApiApp;
  jobs: JobQueue;
  relay: EventRelay;
  records: RecordRegistry;
  modules: RapportModule[];
  log: Logger;
  /** Starts the job queue and, unless disabled, the in-process workers and event relay. */
  start(options?: { isWorking?: boolean }): Promise<void>;
  listen(): Promise<string>;
  /** Stops intake, lets in-flight requests and jobs finish, then closes the database. */
  close(): Promise<void>;
}

export const PLATFORM_MIGRATIONS: MigrationSource = { module: 'platform', dir: path.resolve(import.meta.dirname, 'platform/db/migrations') };

export function migrationSources(modules: RapportModule[]): MigrationSource[] {
  return [PLATFORM_MIGRATIONS, ...modules.filter((m) => m.migrationsDir).map((m) => ({ module: m.name, dir: m.migrationsDir! }))];
}

/** Composes the platform and the modules. No business logic lives here. */
export async function buildApp(config: Config, options: { modules?: RapportModule[]; logger?: Logger; conn?: DbConnection } = {}): Promise<RapportApp> {
  const modules = options.modules ?? allModules;
  const log = options.logger ?? pino({ level: config.logLevel, base: { service: 'rapport' } });
  const conn = options.conn ?? (await openDatabase(config));
  await runMigrations(conn.db, migrationSources(modules));

  const records = new RecordRegistry();
  for (const m of modules) for (const def of m.recordTypes ?? []) records.add(def);
  for (const m of modules) if (m.workspaceRecordTypes) records.addWorkspaceSource(m.workspaceRecordTypes);

  const mailer = createMailer(config, log);
  const jobs = new JobQueue(conn, log, { records, config, mailer });
  jobs.define(housekeepingJob(conn.db));
  for (const m of modules) for (const job of m.jobs ?? []) jobs.define(job);
  const privacy = privacyDepsOf(modules, records);
  for (const job of privacyJobs(privacy)) jobs.define(job);
  const subscriptions = [
    stripCustomValuesSubscription((db, workspaceId, type) => records.resolve(db, workspaceId, type)),
    ...modules.flatMap((m) => m.eventHandlers ?? []),
  ];
  EventRelay.defineHandlerJobs(jobs, subscriptions, conn.db);
  const relay = new EventRelay(conn.db, jobs, subscriptions, log);

  let isReady = false;
  const http = await createHttpServer({ config, conn, logger: log, isReady: () => isReady });
  registerAuthRoutes(http, { db: conn.db, config });
  registerSettingsRoutes(http, { db: conn.db });
  registerAuditRoutes(http, { db: conn.db });
  registerRecordRoutes(http, { db: conn.db, registry: records });
  registerPrivacyRoutes(http, { db: conn.db, jobs, config, deps: privacy });
  const moduleContext = { config, db: conn.db, jobs, records, log, mailer };
  for (const m of modules) m.routes?.(http, moduleContext);
  await http.ready();

  let isClosed = false;
  return {
    config, conn, http, jobs, relay, records, modules, log,
    async start({ isWorking = config.isWorkerInProcess } = {}) {
      await jobs.start();
      if (isWorking) {
        await jobs.work();
        relay.start();
      }
      isReady = true;
    },
    async listen() {
      return http.listen({ port: config.port, host: config.host });
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      isReady = false;
      await http.close();
      await relay.stop();
      await jobs.stop();
      mailer.close();
      await conn.close();
    },
  };
}
