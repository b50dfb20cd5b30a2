import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { sweepReminders } from './participants.service.ts';

describe('tasks, requests, email threads and meeting participants', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: admin(), ...(payload ? { payload } : {}) });
  const filterOn = (filter: object) => `/api/v1/activities?filter=${encodeURIComponent(JSON.stringify(filter))}`;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'activity-work');
  });
  after(() => app.close());

  test('a task has an assignee (owner) and a responsible member, and one level of subtasks', async () => {
    const { operator, manager } = ws.actors;
    const task = await callOk(app, admin(), 'POST', '/api/v1/activities', {
      kind: 'task', subject: 'Подготовить КП', owner_id: operator.userId, responsible_id: manager.userId, due_at: '2026-12-01T12:00:00+03:00',
    });
    assert.equal(task.responsible_id, manager.userId);
    const stranger = await inject('POST', '/api/v1/activities', { kind: 'task', subject: 'x', responsible_id: '01890000-0000-7000-8000-000000000000' });
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().field, 'responsible_id');

    const sub = await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'task', subject: 'Согласовать цены', parent_id: task.id });
    const subOfSub = await inject('POST', '/api/v1/activities', { kind: 'task', subject: 'x', parent_id: sub.id });
    assert.equal(subOfSub.json().field, 'parent_id');
    const call = await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'call', subject: 'Звонок' });
    assert.equal((await inject('POST', '/api/v1/activities', { kind: 'task', subject: 'x', parent_id: call.id })).json().field, 'parent_id');
    const subtasks = await callOk(app, admin(), 'GET', filterOn({ field: 'parent_id', op: 'eq', value: task.id }));
    assert.deepEqual(subtasks.data.map((a: { id: string }) => a.id), [sub.id]);
    const managed = await callOk(app, admin(), 'GET', filterOn({ field: 'responsible_id', op: 'eq', value: manager.userId }));
    assert.deepEqual(managed.data.map((a: { id: string }) => a.id), [task.id]);
    const own = await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'task', subject: 'Моя', responsible_id: ws.actors.admin.userId });
    const mine = await callOk(app, admin(), 'GET', filterOn({ field: 'responsible_id', op: 'eq', value: 'me' }));
    assert.deepEqual(mine.data.map((a: { id: string }) => a.id), [own.id]);
  });

  test('a reminder comes due once and announces itself; moving it arms it again', async () => {
    const task = await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'task', subject: 'Перезвонить', remind_at: '2020-01-01T09:00:00Z' });
    assert.ok((await sweepReminders(app.conn.db)) >= 1);
    assert.equal(await sweepReminders(app.conn.db), 0, 'a reminder is sent once');
    const reminded = await callOk(app, admin(), 'GET', `/api/v1/activities/${task.id}`);
    assert.ok(reminded.reminded_at);
    const events = await sql<{ name: string }>`select name from domain_event where entity_id = ${task.id} and name = 'activity.reminder_due'`.execute(app.conn.db);
    assert.equal(events.rows.length, 1);
    const moved = await callOk(app, admin(), 'PATCH', `/api/v1/activities/${task.id}`, { remind_at: '2021-01-01T09:00:00Z' });
    assert.equal(moved.reminded_at, null);
    assert.equal(await sweepReminders(app.conn.db), 1);
  });

  test('an incoming request records its channel; emails group into a thread', async () => {
    const request = await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'request', subject: 'Вопрос с сайта', channel: 'website', direction: 'inbound' });
    assert.equal(request.channel, 'website');
    assert.equal((await inject('POST', '/api/v1/activities', { kind: 'request', subject: 'x', channel: 'pigeon' })).json().field, 'channel');
    for (const subject of ['Коммерческое предложение', 'Re: Коммерческое предложение']) {
      await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'email', subject, thread_id: '<kp-42@mail.example.ru>' });
    }
    const thread = await callOk(app, admin(), 'GET', `${filterOn({ field: 'thread_id', op: 'eq', value: '<kp-42@mail.example.ru>' })}&sort=created_at`);
    assert.deepEqual(thread.data.map((a: { subject: string }) => a.subject), ['Коммерческое предложение', 'Re: Коммерческое предложение']);
  });

  test('a meeting’s participants show on their timelines and in its calendar file', async () => {
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Ольга', last_name: 'Кузнецова', email: 'olga@client.ru' });
    const meeting = await callOk(app, admin(), 'POST', '/api/v1/activities', {
      kind: 'meeting', subject: 'Демонстрация', starts_at: '2026-12-02T10:00:00+03:00', ends_at: '2026-12-02T11:00:00+03:00',
    });
    const bad = await inject('PUT', `/api/v1/activities/${meeting.id}/participants`, { participants: [{ user_id: '01890000-0000-7000-8000-000000000000' }] });
    assert.equal(bad.json().field, 'participants.0.user_id');
    const set = await callOk(app, admin(), 'PUT', `/api/v1/activities/${meeting.id}/participants`, {
      participants: [{ person_id: person.id }, { user_id: ws.actors.manager.userId }, { email: 'Guest@Partner.ru', name: 'Гость' }, { person_id: person.id }],
    });
    assert.deepEqual(set.data.map((p: { name: string | null; email: string | null }) => [p.name, p.email]), [
      ['Кузнецова Ольга', 'olga@client.ru'], [set.data[1].name, set.data[1].email], ['Гость', 'guest@partner.ru'],
    ]);
    assert.ok(set.data[1].email, 'a member participates with their account address');
    // Long lines are folded at 75 octets (RFC 5545 §3.1); unfold before reading.
    const ics = (await inject('GET', `/api/v1/activities/${meeting.id}/ics`)).body.replace(/\r\n[ \t]/g, '');
    assert.match(ics, /ATTENDEE;[^\r\n]*CN="?Кузнецова Ольга"?[^\r\n]*mailto:olga@client\.ru/);
    assert.match(ics, /mailto:guest@partner\.ru/);
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}`);
    assert.ok(timeline.data.some((e: { event: string }) => e.event === 'activity.participants_changed'));
  });
});
