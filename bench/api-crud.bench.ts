import autocannon from 'autocannon';
import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase, type DbConnection } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { systemPrincipal } from '../src/platform/auth/permissions.ts';
import { createApiKey, createWorkspace } from '../src/platform/auth/workspace.service.ts';
import { newId } from '../src/platform/ids.ts';
import { allModules } from '../src/modules/index.ts';
import { storedColumns } from '../src/platform/records/record-type.ts';
import { personRecordType } from '../src/modules/people/index.ts';
import { freePort } from '../src/testing/wait.ts';
import { percentile, provisionBenchDatabase, round, startServerProcess, type BenchScenario, type Figures } from './harness.ts';

const CONNECTIONS = 32;

async function seed(conn: DbConnection, people: number) {
  await runMigrations(conn.db, migrationSources(allModules));
  const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark' });
  const ids: string[] = [];
  for (let offset = 0; offset < people; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, people - offset) }, (_, i) => {
      const n = offset + i;
      const id = newId();
      ids.push(id);
      return { workspace_id: workspace.id, id, first_name: `Имя${n}`, last_name: `Фамилия${n}`, email: `person${n}@bench.test`, phone: `+7 900 ${String(n).padStart(7, '0')}`, city: 'Москва' };
    });
    await conn.db.insertInto('person' as never).values(rows as never).execute();
  }
  const key = await createApiKey({ db: conn.db, principal: systemPrincipal(workspace.id) }, { name: 'bench', role: 'admin' });
  return { workspaceId: workspace.id, ids, key: key.key };
}

interface LoadResult {
  rps: number;
  latencies: number[];
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>, requests: autocannon.Request[], durationSeconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  // Called without a callback, autocannon returns an event emitter that is also a promise of the result.
  const instance = autocannon({ url, connections: CONNECTIONS, duration: durationSeconds, headers, requests }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.average, latencies, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

/** The same record reads straight in SQL, from as many concurrent callers, for the same time. */
async function sqlBaseline(conn: DbConnection, workspaceId: string, ids: string[], durationSeconds: number) {
  const columns = storedColumns(personRecordType);
  const latencies: number[] = [];
  const deadline = performance.now() + durationSeconds * 1000;
  let count = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline) {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const start = performance.now();
      await sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from person where workspace_id = ${workspaceId} and id = ${id}`.execute(conn.db);
      latencies.push(performance.now() - start);
      count++;
    }
  }));
  latencies.sort((a, b) => a - b);
  return { rps: count / durationSeconds, latencies };
}

/**
 * api-crud: authenticated reads and writes of people through the HTTP API (API key, 32
 * concurrent clients), against the same reads done directly in SQL in the same run.
 */
export const apiCrudScenario: BenchScenario = {
  defaultScale: 5000,
  async run(options) {
    const database = await provisionBenchDatabase(options.db);
    const people = options.scale;
    try {
      let conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
      const { workspaceId, ids, key } = await seed(conn, people);
      // PGlite allows one process per folder: hand it to the server for the API phases.
      if (options.db === 'pglite') await conn.close();

      const server = await startServerProcess(database.env, await freePort());
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const randomRead = { method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/v1/people/${ids[Math.floor(Math.random() * ids.length)]}` }) };
      let created = 0;
      const write = { method: 'POST' as const, path: '/api/v1/people', setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ first_name: `Новый${created++}`, email: `new${created}@bench.test` }) }) };

      await load(server.url, headers, [randomRead], 2); // warm-up: JIT, caches, connection pools
      const mixed = await load(server.url, headers, [...Array.from({ length: 8 }, () => randomRead), write, { method: 'GET', path: '/api/v1/people?limit=20' }], options.durationSeconds);
      const reads = await load(server.url, headers, [randomRead], options.durationSeconds);
      await server.stop();

      if (options.db === 'pglite') conn = await openDatabase({ dataDir: database.dataDir! });
      await sqlBaseline(conn, workspaceId, ids, 1);
      const baseline = await sqlBaseline(conn, workspaceId, ids, options.durationSeconds);
      await conn.close();

      const figures: Figures = {
        records: people,
        connections: CONNECTIONS,
        duration_s: options.durationSeconds,
        p50_ms: round(percentile(mixed.latencies, 50)),
        p95_ms: round(percentile(mixed.latencies, 95)),
        p99_ms: round(percentile(mixed.latencies, 99)),
        rps: round(mixed.rps, 0),
        errors: mixed.errors + mixed.non2xx + reads.errors + reads.non2xx,
        read_p50_ms: round(percentile(reads.latencies, 50)),
        read_p95_ms: round(percentile(reads.latencies, 95)),
        read_rps: round(reads.rps, 0),
        sql_read_p50_ms: round(percentile(baseline.latencies, 50)),
        sql_read_p95_ms: round(percentile(baseline.latencies, 95)),
        sql_read_rps: round(baseline.rps, 0),
        // Time per read through the API divided by time per read in SQL, at the same concurrency.
        baseline_ratio: round(baseline.rps / reads.rps),
      };
      return figures;
    } finally {
      await database.drop();
    }
  },
};
