import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { systemPrincipal } from '../src/platform/auth/permissions.ts';
import { createApiKey, createWorkspace } from '../src/platform/auth/workspace.service.ts';
import { seededRandom } from '../src/platform/seeded-random.ts';
import { allModules } from '../src/modules/index.ts';
import { ensureEventPartitions } from '../src/modules/tracking/index.ts';
import { freePort } from '../src/testing/wait.ts';
import { percentile, provisionBenchDatabase, round, startServerProcess, type BenchScenario } from './harness.ts';

const BATCH = 1_000;
const CLIENTS = 4;
const VISITORS = 20_000;
const SKUS = Array.from({ length: 500 }, (_, i) => `SKU-${i}`);

/** A site's traffic: mostly page and product views, some cart changes, over many visitors. */
function makeBatches(count: number, seed: number): { id: string; type: string; occurred_at: string; visitor_id: string; url: string; properties: object }[][] {
  const random = seededRandom(seed);
  const start = Date.now() - 3_600_000;
  const batches = [];
  let n = 0;
  for (let b = 0; b < Math.ceil(count / BATCH); b++) {
    const events = [];
    for (let i = 0; i < Math.min(BATCH, count - b * BATCH); i++, n++) {
      const roll = random.int(0, 99);
      const visitor = `bench-visitor-${random.int(0, VISITORS - 1)}`;
      const sku = random.pick(SKUS);
      const [type, properties] = roll < 60 ? ['page_view', { title: 'Каталог' }]
        : roll < 90 ? ['product_view', { sku, price: 1990, currency: 'RUB' }]
          : roll < 97 ? ['add_to_cart', { sku, quantity: 1, price: 1990, currency: 'RUB' }]
            : ['remove_from_cart', { sku }];
      events.push({ id: `bench-${seed}-${n}`, type, occurred_at: new Date(start + n * 3).toISOString(), visitor_id: visitor, url: `https://shop.example/p/${sku}`, properties });
    }
    batches.push(events);
  }
  return batches;
}

/**
 * ingest-events: batches of 1,000 events through the HTTP batch API (4 concurrent senders, API
 * key), against one raw multi-row INSERT per batch of the same events into the events table (and
 * into a bare table) in the same database. `--scale` is the number of events.
 */
export const ingestEventsScenario: BenchScenario = {
  defaultScale: 200_000,
  async run(options) {
    const database = await provisionBenchDatabase(options.db);
    try {
      const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
      await runMigrations(conn.db, migrationSources(allModules));
      const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark' });
      const key = await createApiKey({ db: conn.db, principal: systemPrincipal(workspace.id) }, { name: 'bench', role: 'admin' });

      // The baselines: the same rows, one multi-row INSERT per batch, straight into the events
      // table itself (its partition and indexes, no API, no checks), and into a bare table.
      const baselineBatches = makeBatches(options.scale, 2);
      await ensureEventPartitions(conn.db, baselineBatches.flat().map((e) => new Date(e.occurred_at)));
      const rawInsert = async (table: 'tracking_event' | 'bench_events') => {
        const started = performance.now();
        for (const batch of baselineBatches) {
          await sql`insert into ${sql.table(table)} (workspace_id, occurred_at, id, client_event_id, type, visitor_id, url, properties)
            select ${workspace.id}::uuid, x.occurred_at, gen_random_uuid(), x.id, x.type, x.visitor_id, x.url, x.properties
            from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id text, type text, occurred_at timestamptz, visitor_id text, url text, properties jsonb)`.execute(conn.db);
        }
        return (performance.now() - started) / 1000;
      };
      const tableSeconds = await rawInsert('tracking_event');
      await sql`delete from tracking_event where workspace_id = ${workspace.id}`.execute(conn.db);
      await sql`create table bench_events (workspace_id uuid, occurred_at timestamptz, id uuid, client_event_id text, type text, visitor_id text, url text, properties jsonb)`.execute(conn.db);
      const bareSeconds = await rawInsert('bench_events');
      await sql`drop table bench_events`.execute(conn.db);
      if (options.db === 'pglite') await conn.close();

      const server = await startServerProcess(database.env, await freePort());
      const headers = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };
      const send = async (events: object[]) => {
        const res = await fetch(`${server.url}/api/v1/events/batch`, { method: 'POST', headers, body: JSON.stringify({ events }) });
        const body = await res.json() as { accepted?: number; rejected?: unknown[] };
        if (!res.ok || (body.rejected?.length ?? 0) > 0) throw new Error(`the batch was refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        return body.accepted ?? 0;
      };
      try {
        await send(makeBatches(BATCH, 99)[0]!); // warm-up: JIT, caches, this month's partition
        const batches = makeBatches(options.scale, 1);
        const latencies: number[] = [];
        let accepted = 0;
        let next = 0;
        const started = performance.now();
        await Promise.all(Array.from({ length: CLIENTS }, async () => {
          while (next < batches.length) {
            const batch = batches[next++]!;
            const t = performance.now();
            const stored = await send(batch);
            accepted += stored;
            latencies.push(performance.now() - t);
          }
        }));
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        if (accepted !== options.scale) throw new Error(`${accepted} of ${options.scale} events were stored`);
        return {
          events: accepted,
          seconds: round(seconds),
          events_per_s: round(accepted / seconds, 0),
          p50_batch_ms: round(percentile(latencies, 50)),
          p99_batch_ms: round(percentile(latencies, 99)),
          baseline_seconds: round(tableSeconds),
          // Ingest time divided by the time raw multi-row INSERTs of the same events into the events table take here.
          baseline_ratio: round(seconds / tableSeconds),
          bare_seconds: round(bareSeconds),
          // The same against a bare table without indexes or partitions.
          bare_ratio: round(seconds / bareSeconds),
        };
      } finally {
        await server.stop();
        if (options.db !== 'pglite') await conn.close();
      }
    } finally {
      await database.drop();
    }
  },
};
