import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createTestWorkspace, loginAs, type TestApp } from '../../testing/test-app.ts';

describe('audit log', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'audit');
  });
  after(() => app.close());

  test('create, update and delete each leave an entry with actor and field-level before/after', async () => {
    const headers = ws.actors.admin.headers;
    const id = (await app.http.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'Old name', city: 'Тула' } })).json().id;
    await app.http.inject({ method: 'PATCH', url: `/api/v1/companies/${id}`, headers, payload: { name: 'New name' } });
    await app.http.inject({ method: 'DELETE', url: `/api/v1/companies/${id}`, headers });
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/audit?entity_type=company&entity_id=${id}`, headers });
    const entries = res.json().data as { action: string; actor_id: string; actor_type: string; changes: Record<string, { before?: unknown; after?: unknown }> }[];
    assert.deepEqual(entries.map((e) => e.action), ['delete', 'update', 'create']);
    assert.ok(entries.every((e) => e.actor_type === 'user' && e.actor_id === ws.actors.admin.userId));
    assert.deepEqual(entries[1]!.changes, { name: { before: 'Old name', after: 'New name' } });
    assert.deepEqual(entries[2]!.changes.city, { before: null, after: 'Тула' });
    assert.equal(entries[0]!.changes.name!.before, 'New name');
  });

  test('sign-ins and sign-outs are audited', async () => {
    const headers = await loginAs(app, 'manager@audit.test');
    await app.http.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/audit?entity_type=member&entity_id=${ws.actors.manager.userId}`, headers: ws.actors.admin.headers });
    const actions = res.json().data.map((e: { action: string }) => e.action);
    assert.deepEqual(actions.slice(0, 2), ['logout', 'login']);
  });

  test('API-key actions are attributed to the key', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.adminKeyHeaders, payload: { first_name: 'Keyed' } });
    const history = await app.http.inject({ method: 'GET', url: `/api/v1/people/${res.json().id}/audit`, headers: ws.actors.admin.headers });
    assert.equal(history.json().data[0].actor_type, 'api_key');
  });

  test('every mutation also stores its domain event in the same transaction', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers: ws.actors.admin.headers, payload: { title: 'Evented', stage: 'new' } });
    const id = res.json().id;
    await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${id}`, headers: ws.actors.admin.headers, payload: { stage: 'won' } });
    const events = await app.conn.db.selectFrom('domain_event').select(['name', 'payload']).where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.name), ['deal.created', 'deal.updated', 'deal.stage_changed']);
    assert.equal(events[2]!.payload.from, 'new');
    assert.equal(events[2]!.payload.to, 'won');
    assert.equal(events[2]!.payload.title, 'Evented');
  });

  test('a failed write leaves neither an audit entry nor an event', async () => {
    const count = async () => (await sql<{ n: number }>`select (select count(*) from audit_log) + (select count(*) from domain_event) as n`.execute(app.conn.db)).rows[0]!.n;
    const before = await count();
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.actors.admin.headers, payload: { first_name: 'X', company_id: '01900000-0000-7000-8000-000000000000' } });
    assert.equal(res.statusCode, 400);
    assert.equal(await count(), before);
  });

  test('no route edits the audit log, and the database refuses it too', async () => {
    const headers = ws.actors.admin.headers;
    const entry = (await app.http.inject({ method: 'GET', url: '/api/v1/audit?limit=1', headers })).json().data[0];
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST'] as const) {
      const res = await app.http.inject({ method, url: `/api/v1/audit/${entry.id}`, headers, payload: {} });
      assert.equal(res.statusCode, 404, `${method} answered ${res.statusCode}`);
      const collection = await app.http.inject({ method, url: '/api/v1/audit', headers, payload: {} });
      assert.equal(collection.statusCode, 404, `${method} /audit answered ${collection.statusCode}`);
    }
    await assert.rejects(sql`update audit_log set action = 'forged' where id = ${entry.id}`.execute(app.conn.db), /append-only/);
    await assert.rejects(sql`delete from audit_log where id = ${entry.id}`.execute(app.conn.db), /append-only/);
  });

  test('the audit log pages with a cursor', async () => {
    const headers = ws.actors.admin.headers;
    const first = (await app.http.inject({ method: 'GET', url: '/api/v1/audit?limit=2', headers })).json();
    assert.equal(first.data.length, 2);
    const second = (await app.http.inject({ method: 'GET', url: `/api/v1/audit?limit=2&cursor=${first.next_cursor}`, headers })).json();
    assert.ok(second.data[0].id < first.data[1].id);
    const bad = await app.http.inject({ method: 'GET', url: '/api/v1/audit?cursor=garbage', headers });
    assert.equal(bad.json().code, 'INVALID_CURSOR');
  });
});
