import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { DomainEvent } from '../../platform/events/events.ts';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { sweepReminders } from '../activities/index.ts';
import { notifyFromEvent } from './notifications.service.ts';

type Notification = { id: string; kind: string; entity_type: string; entity_id: string; title: string | null; is_read: boolean; read_at: string | null };

describe('notifications', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>) => app.http.inject({ method, url, headers });
  const inbox = async (headers: Record<string, string>, query = '') =>
    (await callOk(app, headers, 'GET', `/api/v1/notifications${query}`)).data as Notification[];
  const unread = async (headers: Record<string, string>) => (await callOk(app, headers, 'GET', '/api/v1/notifications/unread-count')).count as number;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'notify');
  });
  after(() => app.close());

  test('a due reminder notifies its assignee exactly once, and no one else sees it', async () => {
    const { operator, manager, admin } = ws.actors;
    // The operator's own task: giving a task to yourself notifies nobody, so only the reminder does.
    const task = await callOk(app, operator.headers, 'POST', '/api/v1/activities', { kind: 'task', subject: 'Перезвонить клиенту', remind_at: '2020-01-01T09:00:00Z' });
    assert.ok((await sweepReminders(app.conn.db)) >= 1);
    await settle(app);
    const mine = await inbox(operator.headers);
    assert.deepEqual(mine.map((n) => [n.kind, n.entity_type, n.entity_id, n.title, n.is_read]), [['reminder_due', 'activity', task.id, 'Перезвонить клиенту', false]]);
    assert.equal(await unread(operator.headers), 1);

    const event = (await sql<{ id: string; payload: Record<string, unknown>; occurred_at: Date }>`
      select id, payload, occurred_at from domain_event where entity_id = ${task.id} and name = 'activity.reminder_due'`.execute(app.conn.db)).rows[0]!;
    const redelivered: DomainEvent = {
      id: event.id, workspaceId: ws.workspace.id, name: 'activity.reminder_due', entityType: 'activity', entityId: task.id,
      payload: event.payload, actorType: 'system', actorId: null, occurredAt: event.occurred_at.toISOString(),
    };
    assert.equal(await notifyFromEvent(app.conn.db, redelivered), 0, 'a redelivered event adds nothing');
    assert.equal((await inbox(operator.headers)).length, 1);

    for (const other of [admin, manager]) {
      assert.deepEqual(await inbox(other.headers), [], 'another member’s inbox stays empty');
      assert.equal(await unread(other.headers), 0);
      assert.equal((await inject('POST', `/api/v1/notifications/${mine[0]!.id}/read`, other.headers)).statusCode, 404, 'nor can they mark it');
    }
    assert.equal(await unread(operator.headers), 1);
  });

  test('marking one read, then all read, empties the unread count', async () => {
    const { operator, admin } = ws.actors;
    // Given by someone else, an activity and a lead each notify their new assignee.
    const task = await callOk(app, admin.headers, 'POST', '/api/v1/activities', { kind: 'task', subject: 'Подготовить КП', owner_id: operator.userId });
    const lead = await callOk(app, admin.headers, 'POST', '/api/v1/leads', { first_name: 'Вера', owner_id: operator.userId });
    await settle(app);
    const bySystem: DomainEvent = {
      id: '01900000-0000-7000-8000-0000000000aa', workspaceId: ws.workspace.id, name: 'activity.created', entityType: 'activity', entityId: task.id,
      payload: { title: 'Демо', changes: { owner_id: { after: operator.userId } } }, actorType: 'system', actorId: null, occurredAt: new Date().toISOString(),
    };
    assert.equal(await notifyFromEvent(app.conn.db, bySystem), 0, 'records the system writes (demo data) notify nobody');
    const all = await inbox(operator.headers);
    assert.deepEqual(all.slice(0, 2).map((n) => [n.kind, n.entity_id]), [['assigned', lead.id], ['assigned', task.id]], 'newest first');
    assert.equal(await unread(operator.headers), 3);

    const read = await callOk(app, operator.headers, 'POST', `/api/v1/notifications/${all[0]!.id}/read`);
    assert.equal(read.is_read, true);
    assert.ok(read.read_at);
    assert.equal(await unread(operator.headers), 2);
    assert.deepEqual((await inbox(operator.headers, '?status=unread')).map((n) => n.id), [all[1]!.id, all[2]!.id]);
    const again = await callOk(app, operator.headers, 'POST', `/api/v1/notifications/${all[0]!.id}/read`);
    assert.equal(again.read_at, read.read_at, 'marking again keeps the first time it was read');

    assert.deepEqual(await callOk(app, operator.headers, 'POST', '/api/v1/notifications/read-all'), { count: 2 });
    assert.equal(await unread(operator.headers), 0);
    const page = await callOk(app, operator.headers, 'GET', '/api/v1/notifications?limit=2');
    assert.equal(page.data.length, 2);
    const rest = await callOk(app, operator.headers, 'GET', `/api/v1/notifications?limit=2&cursor=${page.next_cursor}`);
    assert.deepEqual(rest.data.map((n: Notification) => n.id), [all[2]!.id]);
    assert.equal(rest.next_cursor, null);
  });

  test('bad input answers problem+json naming the field', async () => {
    const headers = ws.actors.operator.headers;
    const cases: [string, string, string, string][] = [
      ['GET', '/api/v1/notifications?limit=0', 'VALIDATION_FAILED', 'limit'],
      ['GET', '/api/v1/notifications?status=archived', 'VALIDATION_FAILED', 'status'],
      ['GET', '/api/v1/notifications?cursor=nonsense', 'INVALID_CURSOR', 'cursor'],
      ['GET', '/api/v1/notifications?colour=red', 'UNKNOWN_FIELD', 'colour'],
      ['POST', '/api/v1/notifications/not-a-uuid/read', 'VALIDATION_FAILED', 'id'],
    ];
    for (const [method, url, code, field] of cases) {
      const res = await inject(method as 'GET', url, headers);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(res.json().code, code, url);
      assert.equal(res.json().field, field, url);
    }
    const missing = await inject('POST', '/api/v1/notifications/01900000-0000-7000-8000-000000000000/read', headers);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'NOT_FOUND');
  });
});
