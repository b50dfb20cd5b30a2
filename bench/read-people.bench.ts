import autocannon from 'autocannon';
import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase, type DbConnection } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { systemPrincipal } from '../src/platform/auth/permissions.ts';
import { createApiKey, createWorkspace } from '../src/platform/auth/workspace.service.ts';
import { createCustomField } from '../src/platform/records/custom-fields.ts';
import { storedColumns } from '../src/platform/records/record-type.ts';
import { allModules } from '../src/modules/index.ts';
import { personRecordType } from '../src/modules/people/index.ts';
import { freePort } from '../src/testing/wait.ts';
import { percentile, provisionBenchDatabase, round, startServerProcess, type BenchOptions, type BenchScenario } from './harness.ts';
import { BENCH_CITIES, BENCH_TIERS, seedPeopleInSql } from './people-data.ts';

const CLIENTS = 8;
const SEARCH_TERMS = ['Смирн', 'Иванова', 'Кузнецов', 'Петр', 'Соколов', 'Морозо', 'Михайл', 'Волков'];

/** A database with `count` people carrying a custom field (tier), and an admin API key. */
async function seededWorkspace(options: BenchOptions) {
  const database = await provisionBenchDatabase(options.db);
  const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
  await runMigrations(conn.db, migrationSources(allModules));
  const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark' });
  const system = { db: conn.db, principal: systemPrincipal(workspace.id) };
  await createCustomField(system, {
    object_type: 'person', key: 'tier', label: 'Уровень', kind: 'select', options: BENCH_TIERS.map((t) => ({ value: t, label: t })), is_required: false, is_pii: false,
  }, new Set(['person']));
  await seedPeopleInSql(conn, workspace.id, null, options.scale);
  const key = await createApiKey(system, { name: 'bench', role: 'admin' });
  return { database, conn, workspaceId: workspace.id, key: key.key };
}

async function timed(url: string, key: string, path: () => string, durationSeconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const instance = autocannon({
    url, connections: CLIENTS, duration: durationSeconds, headers: { authorization: `Bearer ${key}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status !== 200) throw new Error(`the API answered ${status}`);
    latencies.push(ms);
  });
  await instance;
  return latencies.sort((a, b) => a - b);
}

/** The same queries straight in SQL, from as many concurrent callers. */
async function sqlTimed(conn: DbConnection, query: () => Promise<unknown>, durationSeconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + durationSeconds * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      await query();
      latencies.push(performance.now() - start);
    }
  }));
  return latencies.sort((a, b) => a - b);
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

/**
 * list-search: at `scale` people, 8 clients list people filtered on a standard and a custom field
 * (city and custom.tier, newest first, 50 a page), then search globally; each against the same
 * query in SQL in the same run.
 */
export const listSearchScenario: BenchScenario = {
  defaultScale: 1_000_000,
  async run(options) {
    const { database, conn, workspaceId, key } = await seededWorkspace(options);
    try {
      const listPath = () => `/api/v1/people?limit=50&filter=${encodeURIComponent(JSON.stringify({
        and: [{ field: 'city', op: 'eq', value: pick(BENCH_CITIES) }, { field: 'custom.tier', op: 'eq', value: pick(BENCH_TIERS) }],
      }))}`;
      const searchPath = () => `/api/v1/search?q=${encodeURIComponent(pick(SEARCH_TERMS))}&limit=20`;
      const columns = storedColumns(personRecordType).map((c) => sql.ref(c));
      const sqlList = () => sql`select ${sql.join(columns)} from person where workspace_id = ${workspaceId} and city = ${pick(BENCH_CITIES)}
        and custom @> ${JSON.stringify({ tier: pick(BENCH_TIERS) })}::jsonb order by id desc limit 51`.execute(conn.db);
      const sqlSearch = () => sql`select id, full_name from person where workspace_id = ${workspaceId}
        and search_vector @@ to_tsquery('russian', ${`${pick(SEARCH_TERMS).toLowerCase()}:*`}) order by id desc limit 20`.execute(conn.db);

      await sqlTimed(conn, sqlList, 1);
      const sqlListMs = await sqlTimed(conn, sqlList, options.durationSeconds);
      const sqlSearchMs = await sqlTimed(conn, sqlSearch, options.durationSeconds);
      // PGlite allows one process per folder: hand it to the server for the API phases.
      if (options.db === 'pglite') await conn.close();
      const server = await startServerProcess(database.env, await freePort());
      try {
        await timed(server.url, key, listPath, 2);
        const list = await timed(server.url, key, listPath, options.durationSeconds);
        const search = await timed(server.url, key, searchPath, options.durationSeconds);
        return {
          people: options.scale,
          clients: CLIENTS,
          list_p50_ms: round(percentile(list, 50)),
          list_p95_ms: round(percentile(list, 95)),
          search_p50_ms: round(percentile(search, 50)),
          search_p95_ms: round(percentile(search, 95)),
          sql_list_p95_ms: round(percentile(sqlListMs, 95)),
          sql_search_p95_ms: round(percentile(sqlSearchMs, 95)),
          // p95 through the API divided by p95 of the equivalent SQL, at the same concurrency.
          baseline_ratio: round(percentile(list, 95) / Math.max(0.01, percentile(sqlListMs, 95))),
          search_baseline_ratio: round(percentile(search, 95) / Math.max(0.01, percentile(sqlSearchMs, 95))),
        };
      } finally {
        await server.stop();
      }
    } finally {
      if (options.db !== 'pglite') await conn.close();
      await database.drop();
    }
  },
};

/** export-people: every one of `scale` people as CSV through the API, against reading the same rows in SQL. */
export const exportPeopleScenario: BenchScenario = {
  defaultScale: 1_000_000,
  async run(options) {
    const { database, conn, workspaceId, key } = await seededWorkspace(options);
    try {
      const columns = storedColumns(personRecordType).map((c) => sql.ref(c));
      const sqlStart = performance.now();
      let afterId = '00000000-0000-0000-0000-000000000000';
      let sqlRows = 0;
      for (;;) {
        const page = await sql<{ id: string }>`select ${sql.join(columns)} from person where workspace_id = ${workspaceId} and id > ${afterId}
          order by id limit 1000`.execute(conn.db);
        if (page.rows.length === 0) break;
        sqlRows += page.rows.length;
        afterId = page.rows.at(-1)!.id;
      }
      const sqlSeconds = (performance.now() - sqlStart) / 1000;
      if (options.db === 'pglite') await conn.close();
      const server = await startServerProcess(database.env, await freePort());
      try {
        const start = performance.now();
        const response = await fetch(`${server.url}/api/v1/people/export`, { headers: { authorization: `Bearer ${key}` } });
        if (!response.ok || !response.body) throw new Error(`the export answered ${response.status}`);
        let bytes = 0;
        let lines = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines++;
        }
        const seconds = (performance.now() - start) / 1000;
        if (lines - 1 < sqlRows) throw new Error(`the export had ${lines - 1} rows, expected ${sqlRows}`);
        return {
          people: options.scale,
          seconds: round(seconds),
          rows_per_s: round(sqlRows / seconds, 0),
          megabytes: round(bytes / 1024 ** 2, 1),
          sql_read_seconds: round(sqlSeconds),
          baseline_ratio: round(seconds / sqlSeconds),
        };
      } finally {
        await server.stop();
      }
    } finally {
      if (options.db !== 'pglite') await conn.close();
      await database.drop();
    }
  },
};
