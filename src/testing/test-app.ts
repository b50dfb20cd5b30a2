import { sql } from 'kysely';
import pino from 'pino';
import { buildApp, type RapportApp } from '../app.ts';
import { loadConfig, type ConfigOverrides } from '../platform/config.ts';
import { openPglite, openPostgres, type DbConnection } from '../platform/db/connect.ts';
import type { RapportModule } from '../platform/module.ts';
import { systemPrincipal } from '../platform/auth/permissions.ts';
import { createApiKey, createWorkspace, provisionMember } from '../platform/auth/workspace.service.ts';
import { createScratchDatabase } from '../platform/db/scratch-database.ts';
import { until } from './wait.ts';

/**
 * A real database for one test file: in-memory PGlite, or with TEST_DATABASE_URL a fresh
 * PostgreSQL database that is dropped afterwards.
 */
export async function openTestDatabase(): Promise<{ conn: DbConnection; connectionString?: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const conn = await openPglite('memory://');
    return { conn, drop: async () => undefined };
  }
  const scratch = await createScratchDatabase(serverUrl, 'rapport_test');
  const conn = await openPostgres(scratch.url);
  return { conn, connectionString: scratch.url, drop: scratch.drop };
}

export interface TestApp extends RapportApp {
  /** The PostgreSQL URL of this test's database, when running on a server. */
  connectionString?: string;
}

export async function createTestApp(options: { modules?: RapportModule[]; config?: ConfigOverrides; isWorking?: boolean } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  // Of the environment only the web app's folder: a browser test may serve its own build while web/dist is rebuilt.
  const config = loadConfig({ logLevel: 'silent', port: 0, host: '127.0.0.1', ...options.config }, { RAPPORT_WEB_DIST: process.env.RAPPORT_WEB_DIST });
  const app = await buildApp(config, { modules: options.modules, conn: database.conn, logger: pino({ level: config.logLevel }) });
  await app.start({ isWorking: options.isWorking ?? true });
  const close = app.close;
  return Object.assign(app, {
    connectionString: database.connectionString,
    close: async () => {
      await close();
      await database.drop();
    },
  });
}

export const TEST_PASSWORD = 'correct horse battery';

export interface TestActor {
  userId: string;
  email: string;
  /** Headers of a logged-in browser session (cookie and CSRF token). */
  headers: Record<string, string>;
}

export async function loginAs(app: RapportApp, email: string, password = TEST_PASSWORD, workspace?: string): Promise<Record<string, string>> {
  const response = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...(workspace ? { workspace } : {}) } });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'rapport_session')!;
  return { cookie: `rapport_session=${cookie.value}`, 'x-csrf-token': response.json().csrf_token };
}

/** A workspace with one logged-in member per built-in role and an admin API key. */
export async function createTestWorkspace(app: RapportApp, slug: string) {
  const workspace = await createWorkspace(app.conn.db, { slug, name: `Workspace ${slug}` });
  const actors: Record<'admin' | 'manager' | 'operator' | 'readOnly', TestActor> = {} as never;
  const roles = { admin: 'admin', manager: 'manager', operator: 'operator', readOnly: 'read-only' } as const;
  for (const [name, role] of Object.entries(roles) as [keyof typeof roles, string][]) {
    const email = `${name.toLowerCase()}@${slug}.test`;
    const member = await provisionMember(app.conn.db, workspace.id, { email, name: `${name} of ${slug}`, password: TEST_PASSWORD, role });
    actors[name] = { userId: member.user_id, email, headers: await loginAs(app, email) };
  }
  const key = await createApiKey({ db: app.conn.db, principal: systemPrincipal(workspace.id) }, { name: 'test', role: 'admin' });
  return { workspace, actors, adminKeyHeaders: { authorization: `Bearer ${key.key}` } };
}

/** Waits until every committed event is relayed and every queued job has run. */
export async function settle(app: RapportApp, timeoutMs = 60_000): Promise<void> {
  await until(async () => {
    await app.relay.drain();
    const pending = await sql<{ n: number }>`
      select (select count(*) from domain_event where dispatched_at is null)
           + (select count(*) from pgboss.job where state in ('created', 'retry', 'active') and name like 'event.%') as n`.execute(app.conn.db);
    return Number(pending.rows[0]!.n) === 0;
  }, timeoutMs);
}

/** Calls the API and fails the test unless it succeeds; returns the JSON body. */
export async function callOk(app: RapportApp, headers: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const res = await app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

/**
 * Lifts the workspace's quiet hours and frequency cap, keeping its other sending settings (with
 * `email` overrides). Marketing otherwise waits for the morning when a test runs in the evening
 * in the workspace's time zone, and the test's result would depend on the hour it runs.
 */
export async function liftSendingLimits(app: RapportApp, headers: Record<string, string>, email: Record<string, unknown> = {}): Promise<void> {
  const settings = await callOk(app, headers, 'GET', '/api/v1/messaging/settings');
  await callOk(app, headers, 'PUT', '/api/v1/messaging/settings', {
    quiet_hours: null, frequency_cap: null, fallback_order: settings.fallback_order,
    email: { ...settings.email, has_dkim_key: undefined, ...email },
    sms: { ...settings.sms, has_token: undefined, has_report_secret: undefined },
    telegram: { ...settings.telegram, has_bot_token: undefined, has_webhook_secret: undefined },
  });
}
