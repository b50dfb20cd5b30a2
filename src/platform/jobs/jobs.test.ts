import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DomainEvent } from '../events/events.ts';
import type { JobContext } from './jobs.ts';
import type { RapportModule } from '../module.ts';
import { loadUserPrincipal } from '../auth/auth.service.ts';
import { listRecords } from '../records/records.service.ts';
import { allModules } from '../../modules/index.ts';
import { dealRecordType } from '../../modules/deals/index.ts';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';

const received: DomainEvent[] = [];
const flakyAttempts: number[] = [];
const onceRuns: string[] = [];
const seenByJob: string[][] = [];

const probeModule: RapportModule = {
  name: 'probe',
  eventHandlers: [{ handler: 'probe.deals', events: ['deal.*'], handle: async (event) => void received.push(event) }],
  jobs: [
    {
      name: 'probe.flaky',
      retryLimit: 3,
      retryDelaySeconds: 1,
      retryBackoff: true,
      handle: async () => {
        flakyAttempts.push(Date.now());
        if (flakyAttempts.length < 3) throw new Error('transient failure');
      },
    },
    { name: 'probe.once', handle: async (data: { tag: string }) => void onceRuns.push(data.tag) },
    {
      // A job acting for a user sees exactly what that user may see.
      name: 'probe.list-deals',
      handle: async (data: { userId: string; workspaceId: string }, { db }: JobContext) => {
        const principal = (await loadUserPrincipal(db, data.userId, data.workspaceId))!;
        const page = await listRecords({ db, principal }, dealRecordType, { limit: 100 });
        seenByJob.push(page.data.map((d) => d.title as string));
      },
    },
  ] as never[],
};

describe('domain events and jobs', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  before(async () => {
    app = await createTestApp({ modules: [...allModules, probeModule] });
    ws = await createTestWorkspace(app, 'jobs');
  });
  after(() => app.close());

  test('subscribers receive the events of committed changes, by name pattern', async () => {
    const headers = ws.actors.admin.headers;
    const id = (await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers, payload: { title: 'Evented', stage: 'new' } })).json().id;
    await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${id}`, headers, payload: { stage: 'negotiation' } });
    await app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Not a deal' } });
    await until(() => received.filter((e) => e.entityId === id).length === 3);
    const names = received.filter((e) => e.entityId === id).map((e) => e.name).sort();
    assert.deepEqual(names, ['deal.created', 'deal.stage_changed', 'deal.updated']);
    assert.ok(received.every((e) => e.name.startsWith('deal.')));
    assert.equal(received.find((e) => e.name === 'deal.stage_changed')!.workspaceId, ws.workspace.id);
  });

  test('relaying an event twice delivers it once', async () => {
    const before = received.length;
    await app.conn.db.updateTable('domain_event').set({ dispatched_at: null }).where('name', 'like', 'deal.%').execute();
    await app.relay.drain();
    await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers: ws.actors.admin.headers, payload: { title: 'Marker' } });
    await until(() => received.some((e) => e.name === 'deal.created' && (e.payload as { changes?: { title?: { after?: string } } }).changes?.title?.after === 'Marker'));
    assert.equal(received.length, before + 1);
  });

  test('a failing job is retried with growing delays until it succeeds', async () => {
    await app.jobs.enqueue('probe.flaky', {});
    await until(() => flakyAttempts.length === 3, 30_000);
    const gaps = [flakyAttempts[1]! - flakyAttempts[0]!, flakyAttempts[2]! - flakyAttempts[1]!];
    assert.ok(gaps[0]! >= 900, `first retry after ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= gaps[0]! * 0.9, `backoff: ${gaps.join(', ')} ms`);
  });

  test('an idempotency key enqueues a job once', async () => {
    const first = await app.jobs.enqueue('probe.once', { tag: 'a' }, { idempotencyKey: 'order-42' });
    const second = await app.jobs.enqueue('probe.once', { tag: 'b' }, { idempotencyKey: 'order-42' });
    assert.ok(first);
    assert.equal(second, null);
    await until(() => onceRuns.length === 1);
    assert.deepEqual(onceRuns, ['a']);
  });

  test('background jobs go through the same permission check as the API', async () => {
    const headers = ws.actors.admin.headers;
    await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers, payload: { title: 'Operator deal', owner_id: ws.actors.operator.userId } });
    await app.jobs.enqueue('probe.list-deals', { userId: ws.actors.operator.userId, workspaceId: ws.workspace.id });
    await until(() => seenByJob.length === 1);
    assert.deepEqual(seenByJob[0], ['Operator deal']);
  });

  test('cron jobs are scheduled', async () => {
    const schedules = await app.jobs.boss.getSchedules();
    assert.ok(schedules.some((s) => s.name === 'platform.housekeeping' && s.cron === '*/15 * * * *'));
  });
});
