import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('my day', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'myday');
    const me = ws.actors.operator.userId;
    const day = 86_400_000;
    const post = (url: string, payload: object) => app.http.inject({ method: 'POST', url, headers: ws.adminKeyHeaders, payload });
    await post('/api/v1/activities', { kind: 'call', subject: 'Overdue call', due_at: new Date(Date.now() - day).toISOString(), owner_id: me });
    await post('/api/v1/activities', { kind: 'task', subject: 'Next week', due_at: new Date(Date.now() + 7 * day).toISOString(), owner_id: me });
    await post('/api/v1/activities', { kind: 'task', subject: 'Already done', status: 'done', due_at: new Date(Date.now() - day).toISOString(), owner_id: me });
    await post('/api/v1/activities', { kind: 'task', subject: 'Somebody else’s', due_at: new Date(Date.now() - day).toISOString(), owner_id: ws.actors.manager.userId });
    const stale = (await post('/api/v1/deals', { title: 'Stale deal', stage: 'new', owner_id: me })).json().id;
    await post('/api/v1/deals', { title: 'Fresh deal', stage: 'new', owner_id: me });
    await sql`update deal set stage_changed_at = now() - interval '10 days' where id = ${stale}`.execute(app.conn.db);
  });
  after(() => app.close());

  test('shows my planned activities due by today, overdue first, and my rotting deals', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/my-day', headers: ws.actors.operator.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.activities.map((a: { subject: string }) => a.subject), ['Overdue call']);
    assert.equal(body.activities[0].is_overdue, true);
    assert.deepEqual(body.rotting_deals.map((d: { title: string }) => d.title), ['Stale deal']);
    assert.ok(body.rotting_deals[0].days_in_stage >= 10);
  });

  test('an API key acts for no user, so its day is empty', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/my-day', headers: ws.adminKeyHeaders });
    assert.deepEqual(res.json(), { activities: [], leads: [], rotting_deals: [] });
  });
});
