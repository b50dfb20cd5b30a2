import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('calls and meetings', () => {
  let app: TestApp;
  let headers: Record<string, string>;
  const post = (payload: object) => app.http.inject({ method: 'POST', url: '/api/v1/activities', headers, payload });

  before(async () => {
    app = await createTestApp();
    headers = (await createTestWorkspace(app, 'acts')).adminKeyHeaders;
  });
  after(() => app.close());

  test('a call keeps its direction, duration, recording and result', async () => {
    const res = await post({ kind: 'call', subject: 'Звонок клиенту', direction: 'outbound', duration_seconds: 185, recording_url: 'https://pbx.example.ru/rec/42.mp3', result: 'Договорились о встрече' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().duration_seconds, 185);
    assert.equal(res.json().direction, 'outbound');
    const bad = await post({ kind: 'call', subject: 'x', duration_seconds: -5 });
    assert.equal(bad.json().field, 'duration_seconds');
  });

  test('a meeting cannot end before it starts, on create or on update', async () => {
    const bad = await post({ kind: 'meeting', subject: 'x', starts_at: '2026-12-01T10:00:00+03:00', ends_at: '2026-12-01T09:00:00+03:00' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'ends_at');
    const ok = (await post({ kind: 'meeting', subject: 'x', starts_at: '2026-12-01T10:00:00+03:00', ends_at: '2026-12-01T11:00:00+03:00' })).json();
    const patch = await app.http.inject({ method: 'PATCH', url: `/api/v1/activities/${ok.id}`, headers, payload: { ends_at: '2026-12-01T08:00:00+03:00' } });
    assert.equal(patch.statusCode, 400);
    assert.equal(patch.json().field, 'ends_at');
  });

  test('a meeting downloads as an RFC 5545 calendar event in UTC', async () => {
    const meeting = (await post({
      kind: 'meeting', subject: 'Презентация решения', starts_at: '2026-12-01T10:00:00+03:00', ends_at: '2026-12-01T11:30:00+03:00',
      place: 'Москва, ул. Тверская, 1', agenda: 'Демо и условия',
    })).json();
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/activities/${meeting.id}/ics`, headers });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/calendar/);
    const lines = res.body.split(/\r?\n/);
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.ok(lines.includes('VERSION:2.0'));
    assert.ok(lines.includes(`UID:${meeting.id}@rapport`));
    assert.ok(lines.includes('DTSTART:20261201T070000Z'));
    assert.ok(lines.includes('DTEND:20261201T083000Z'));
    assert.ok(lines.includes('SUMMARY:Презентация решения'));
    assert.ok(lines.some((l: string) => l.startsWith('LOCATION:Москва')));
  });

  test('only meetings with a time export', async () => {
    const call = (await post({ kind: 'call', subject: 'x' })).json();
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/activities/${call.id}/ics`, headers });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'ACTIVITY_NOT_A_MEETING');
    const untimed = (await post({ kind: 'meeting', subject: 'x' })).json();
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/activities/${untimed.id}/ics`, headers })).json().code, 'MEETING_HAS_NO_TIME');
  });

  test('date-time fields are described as such to the web app', async () => {
    const types = (await app.http.inject({ method: 'GET', url: '/api/v1/object-types', headers })).json().data;
    const activity = types.find((t: { type: string }) => t.type === 'activity');
    assert.equal(activity.fields.find((f: { name: string }) => f.name === 'starts_at').kind, 'datetime');
    assert.equal(activity.fields.find((f: { name: string }) => f.name === 'due_at').kind, 'datetime');
  });
});
