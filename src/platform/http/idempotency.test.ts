import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('idempotent POST', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'idem');
  });
  after(() => app.close());

  const countPeople = async () => (await sql<{ n: number }>`select count(*)::int as n from person where workspace_id = ${ws.workspace.id}`.execute(app.conn.db)).rows[0]!.n;

  test('a retried POST with the same key creates once and replays the first response', async () => {
    const headers = { ...ws.adminKeyHeaders, 'idempotency-key': 'create-olga-1' };
    const first = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Olga' } });
    const second = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Olga' } });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().id, first.json().id);
    assert.equal(await countPeople(), 1);
  });

  test('concurrent retries still create once', async () => {
    const before = await countPeople();
    const headers = { ...ws.adminKeyHeaders, 'idempotency-key': 'burst' };
    const results = await Promise.all(Array.from({ length: 5 }, () => app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Burst' } })));
    const created = results.filter((r) => r.statusCode === 201);
    assert.ok(created.length >= 1);
    assert.ok(results.every((r) => r.statusCode === 201 || r.json().code === 'IDEMPOTENCY_IN_PROGRESS'));
    assert.equal(new Set(created.map((r) => r.json().id)).size, 1);
    assert.equal(await countPeople(), before + 1);
  });

  test('the same key with a different body is refused', async () => {
    const headers = { ...ws.adminKeyHeaders, 'idempotency-key': 'create-olga-1' };
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Someone else' } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('keys are private to the caller: another principal may use the same key', async () => {
    const headers = { ...ws.actors.admin.headers, 'idempotency-key': 'create-olga-1' };
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { first_name: 'Olga' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['idempotent-replayed'], undefined);
  });
});
