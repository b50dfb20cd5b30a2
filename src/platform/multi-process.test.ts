import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrationSources } from '../app.ts';
import { allModules } from '../modules/index.ts';
import { runMigrations } from './db/migrator.ts';
import { systemPrincipal } from './auth/permissions.ts';
import { createApiKey, createWorkspace } from './auth/workspace.service.ts';
import { openTestDatabase } from '../testing/test-app.ts';
import { freePort, until } from '../testing/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const isPostgres = !!process.env.TEST_DATABASE_URL;

// The 'company' scaling step (docs/scaling.md): stateless API processes and a separate worker
// share one PostgreSQL. PGlite allows a single process per data folder, so this runs on a server only.
describe('several processes on one PostgreSQL', { skip: isPostgres ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  let headers: Record<string, string>;

  const run = (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rapport'), ...args], {
      cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'warn', DATABASE_URL: database.connectionString! }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };

  before(async () => {
    database = await openTestDatabase();
    await runMigrations(database.conn.db, migrationSources(allModules));
    const ws = await createWorkspace(database.conn.db, { slug: 'multi', name: 'Multi' });
    const key = await createApiKey({ db: database.conn.db, principal: systemPrincipal(ws.id) }, { name: 'multi', role: 'admin' });
    headers = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      run(['start', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], { RAPPORT_IN_PROCESS_WORKER: '0' });
      urls.push(`http://127.0.0.1:${port}`);
    }
    run(['worker'], {});
    for (const url of urls) await until(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true, 60_000);
  });

  after(async () => {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    })));
    await database.conn.close();
    await database.drop();
  });

  test('a record written through one API process is read through the other', async () => {
    const created = await fetch(`${urls[0]}/api/v1/companies`, { method: 'POST', headers, body: JSON.stringify({ name: 'Shared' }) });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${urls[1]}/api/v1/companies/${id}`, { headers });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { name: string }).name, 'Shared');
  });

  test('an idempotency key holds across processes', async () => {
    const send = (url: string) => fetch(`${url}/api/v1/companies`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'cross-process' }, body: JSON.stringify({ name: 'Once' }) });
    const first = await send(urls[0]!);
    const second = await send(urls[1]!);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id);
  });

  test('the separate worker relays the events and runs the jobs', async () => {
    await until(async () => {
      const pending = await sql<{ n: number }>`select count(*)::int as n from domain_event where dispatched_at is null`.execute(database.conn.db);
      return pending.rows[0]!.n === 0;
    }, 60_000);
    const jobId = (await sql<{ id: string }>`insert into pgboss.job (name, data) values ('platform.housekeeping', '{}') returning id`.execute(database.conn.db)).rows[0]!.id;
    await until(async () => {
      const job = await sql<{ state: string }>`select state from pgboss.job where id = ${jobId}`.execute(database.conn.db);
      return job.rows[0]?.state === 'completed';
    }, 60_000);
  });
});
