import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import type { Db } from '../src/platform/db/database.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { systemPrincipal } from '../src/platform/auth/permissions.ts';
import { createApiKey, createWorkspace } from '../src/platform/auth/workspace.service.ts';
import { allModules } from '../src/modules/index.ts';
import { ensureEventPartitions } from '../src/modules/tracking/index.ts';
import { freePort } from '../src/testing/wait.ts';
import { seedPeopleInSql } from './people-data.ts';
import { apiClient, percentile, provisionBenchDatabase, round, startServerProcess, type BenchScenario } from './harness.ts';

const ORDERS_PER_PERSON = 10;
const EVENTS_PER_PERSON = 10;
const HISTORY_DAYS = 730;
const EVENT_DAYS = 365;
/** The stream: this many events a second, in batches ten times a second, for this long. */
const STREAM_RATE = 1_000;
const STREAM_SECONDS = 10;
const TRACKED_PER_BATCH = 10;

/** Moscow, at least three orders in the last year, and a product viewed in the last 30 days. */
const RULES = {
  kind: 'group', match: 'all', rules: [
    { kind: 'profile', field: 'city', op: 'eq', value: 'Москва' },
    { kind: 'orders', metric: 'count', op: 'gte', value: 3, within_days: 365 },
    { kind: 'event', event_type: 'product_view', did: true, at_least: 1, within_days: 30 },
  ],
};

/** Orders and events straight in SQL: the scenario measures segments, not loading. */
async function seedHistory(db: Db, workspaceId: string): Promise<{ orders: number; events: number }> {
  // Loading is set-up: the orders' text-search indexes are left out to load faster, as in score-customers.
  await sql`drop index sales_order_search_text`.execute(db);
  await sql`drop index sales_order_custom`.execute(db);
  const orders = await sql`
    insert into sales_order (workspace_id, id, number, person_id, status, currency, placed_at, total, paid_amount)
    select ${workspaceId}::uuid, gen_random_uuid(), 'S' || p.id || '-' || k, p.id, 'paid', 'RUB',
      now() - (random() * ${HISTORY_DAYS}) * interval '1 day', t.total, t.total
    from person p cross join generate_series(1, ${ORDERS_PER_PERSON}) k
      cross join lateral (select round((500 + random() * 5000)::numeric, 2) as total) t
    where p.workspace_id = ${workspaceId}`.execute(db);
  await ensureEventPartitions(db, Array.from({ length: Math.ceil(EVENT_DAYS / 28) + 2 }, (_, i) => new Date(Date.now() - i * 28 * 86_400_000)));
  const events = await sql`
    insert into tracking_event (workspace_id, occurred_at, id, client_event_id, type, person_id, url, properties, source)
    select ${workspaceId}::uuid, now() - (random() * ${EVENT_DAYS}) * interval '1 day', gen_random_uuid(), 'seed-' || p.id || '-' || k,
      case when random() < 0.5 then 'product_view' else 'page_view' end, p.id, 'https://shop.example/', '{}', 'api'
    from person p cross join generate_series(1, ${EVENTS_PER_PERSON}) k
    where p.workspace_id = ${workspaceId}`.execute(db);
  await sql`analyze`.execute(db);
  return { orders: Number(orders.numAffectedRows), events: Number(events.numAffectedRows) };
}

/**
 * segment-eval: `--scale` people (default 1,000,000) with ten orders and ten behavioural events
 * each. Figures: a full evaluation of a three-condition segment (profile + orders window + events
 * window) through the API, against the hand-written SQL count of the same people; then a stream of
 * 1,000 events a second through the events API, and how long each tracked person took to appear
 * among the members (seen by polling, so figures include up to 50 ms of polling).
 */
export const segmentEvalScenario: BenchScenario = {
  defaultScale: 1_000_000,
  async run(options) {
    // The stream is watched from a second connection while the server runs: PGlite has one.
    if (options.db !== 'postgres') throw new Error('segment-eval runs on PostgreSQL: --db postgres');
    const database = await provisionBenchDatabase(options.db);
    try {
      const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
      await runMigrations(conn.db, migrationSources(allModules));
      const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark', currency: 'RUB', defaultRegion: 'RU', timeZone: 'Europe/Moscow' });
      const key = await createApiKey({ db: conn.db, principal: systemPrincipal(workspace.id) }, { name: 'bench', role: 'admin' });
      const loadStart = performance.now();
      await seedPeopleInSql(conn, workspace.id, null, options.scale);
      const { orders, events } = await seedHistory(conn.db, workspace.id);
      const loadSeconds = (performance.now() - loadStart) / 1000;

      // The baseline: the same three conditions written by hand as one count.
      const baselineStart = performance.now();
      const expected = Number((await sql<{ n: string }>`
        select count(*) as n from person p
        where p.workspace_id = ${workspace.id} and p.city = 'Москва'
          and (select count(*) from sales_order o where o.workspace_id = p.workspace_id and o.person_id = p.id
                 and o.status in ('paid', 'fulfilled', 'returned') and o.placed_at > now() - interval '365 days') >= 3
          and exists (select 1 from tracking_event e where e.workspace_id = p.workspace_id and e.person_id = p.id
                 and e.type = 'product_view' and e.occurred_at > now() - interval '30 days')`.execute(conn.db)).rows[0]!.n);
      const baselineSeconds = (performance.now() - baselineStart) / 1000;
      const server = await startServerProcess(database.env, await freePort());
      const api = apiClient(server.url, key.key);
      try {
        // Saving evaluates at once: the first evaluation stores every member and announces each entry.
        const firstStart = performance.now();
        const segment = await api('POST', '/api/v1/segments', { name: 'Москва: заказы и просмотры', kind: 'dynamic', rules: RULES });
        const firstSeconds = (performance.now() - firstStart) / 1000;
        const fullStart = performance.now();
        await api('POST', `/api/v1/segments/${segment.id as string}/evaluate`);
        const fullSeconds = (performance.now() - fullStart) / 1000;
        const members = (await api('GET', `/api/v1/segments/${segment.id as string}`)).member_count as number;

        const watch = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: './data' });
        try {
          // People who meet the profile and orders conditions but viewed nothing lately: one view each takes them in.
          const batches = STREAM_RATE / 10;
          const tracked = (await sql<{ id: string }>`
            select p.id from person p
            where p.workspace_id = ${workspace.id} and p.city = 'Москва'
              and not exists (select 1 from segment_member m where m.workspace_id = p.workspace_id and m.segment_id = ${segment.id as string} and m.person_id = p.id)
              -- Clear of the window's edge, whichever way the segment rounds it to days.
              and (select count(*) from sales_order o where o.workspace_id = p.workspace_id and o.person_id = p.id
                     and o.placed_at > now() - interval '360 days') >= 3
            limit ${TRACKED_PER_BATCH * 10 * STREAM_SECONDS}`.execute(watch.db)).rows.map((r) => r.id);
          const others = (await sql<{ id: string }>`
            select id from person where workspace_id = ${workspace.id} and city <> 'Москва' limit ${batches * 10 * STREAM_SECONDS}`.execute(watch.db)).rows.map((r) => r.id);
          const sentAt = new Map<string, number>();
          const latencies: number[] = [];
          let polling = true;
          let streamEnd = Number.POSITIVE_INFINITY;
          const poller = (async () => {
            while (polling || sentAt.size > 0) {
              const pending = [...sentAt.keys()];
              if (pending.length > 0) {
                const seen = (await sql<{ person_id: string }>`
                  select person_id from segment_member
                  where workspace_id = ${workspace.id} and segment_id = ${segment.id as string} and person_id = any(${pending}::uuid[])`.execute(watch.db)).rows;
                const now = performance.now();
                for (const { person_id } of seen) {
                  latencies.push(now - sentAt.get(person_id)!);
                  sentAt.delete(person_id);
                }
              }
              if (!polling && performance.now() - streamEnd > 30_000) break;
              await new Promise((r) => setTimeout(r, 50));
            }
          })();
          const streamStart = performance.now();
          let sent = 0;
          const inFlight: Promise<unknown>[] = [];
          for (let tick = 0; tick < STREAM_SECONDS * 10; tick++) {
            const due = streamStart + tick * 100;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const trackedNow = tracked.slice(tick * TRACKED_PER_BATCH, (tick + 1) * TRACKED_PER_BATCH);
            // Everyone else's page views fill the batch, round the population again at small scales.
            const fillers = others.length === 0 ? [] : Array.from({ length: batches - trackedNow.length }, (_, i) => others[(tick * batches + i) % others.length]!);
            const at = new Date().toISOString();
            const batch = [
              ...trackedNow.map((id, i) => ({ id: `stream-${tick}-t${i}`, type: 'product_view', person_id: id, occurred_at: at, properties: { sku: 'SKU-1' } })),
              ...fillers.map((id, i) => ({ id: `stream-${tick}-f${i}`, type: 'page_view', person_id: id, occurred_at: at, properties: {} })),
            ];
            const started = performance.now();
            for (const id of trackedNow) sentAt.set(id, started);
            inFlight.push(api('POST', '/api/v1/events/batch', { events: batch }));
            sent += batch.length;
          }
          await Promise.all(inFlight);
          const sendSeconds = (performance.now() - streamStart) / 1000;
          streamEnd = performance.now();
          polling = false;
          await poller;
          latencies.sort((a, b) => a - b);
          return {
            people: options.scale,
            orders,
            events,
            members,
            members_expected: expected,
            full_eval_s: round(fullSeconds),
            first_eval_s: round(firstSeconds),
            baseline_seconds: round(baselineSeconds),
            baseline_ratio: round(fullSeconds / baselineSeconds),
            stream_events_per_s: round(sent / sendSeconds, 0),
            tracked: latencies.length + sentAt.size,
            not_seen_in_30s: sentAt.size,
            event_to_membership_p50_ms: round(percentile(latencies, 50), 0),
            event_to_membership_p95_ms: round(percentile(latencies, 95), 0),
            load_seconds: round(loadSeconds),
          };
        } finally {
          await watch.close();
        }
      } finally {
        await server.stop();
        await conn.close();
      }
    } finally {
      await database.drop();
    }
  },
};
