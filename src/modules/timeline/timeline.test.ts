import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { projectEvent } from './timeline.service.ts';
import type { DomainEvent } from '../../platform/events/events.ts';

type Entry = { event: string; entity_type: string; title: string | null; changes: Record<string, { before?: unknown; after?: unknown }> };

describe('timeline', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = ws.actors.admin.headers) =>
    callOk(app, headers, method, url, payload);
  const timeline = async (type: string, id: string, query = '', headers = ws.actors.admin.headers) =>
    (await app.http.inject({ method: 'GET', url: `/api/v1/timeline?subject_type=${type}&subject_id=${id}${query}`, headers }));
  const events = async (type: string, id: string, query = '', headers = ws.actors.admin.headers) =>
    ((await timeline(type, id, query, headers)).json().data as Entry[]).map((e) => e.event);

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'time');
    const operator = ws.actors.operator.userId;
    ids.company = (await call('POST', '/api/v1/companies', { name: 'ООО «Лента»' })).id;
    ids.person = (await call('POST', '/api/v1/people', { first_name: 'Мария', company_id: ids.company, owner_id: operator })).id;
    ids.deal = (await call('POST', '/api/v1/deals', { title: 'Поставка', amount: '500000', stage: 'new', person_id: ids.person, company_id: ids.company })).id;
    await call('POST', '/api/v1/activities', { kind: 'call', subject: 'Первый звонок', person_id: ids.person, deal_id: ids.deal, owner_id: operator });
    await call('PATCH', `/api/v1/deals/${ids.deal}`, { stage: 'won' });
    await app.relay.drain();
    // 5 entries each for the company and the person, 4 for the deal, 1 for the activity itself.
    await until(async () => (await sql<{ n: number }>`select count(*)::int as n from timeline_entry`.execute(app.conn.db)).rows[0]!.n === 15);
  });
  after(() => app.close());

  test('each record shows its own events and those of the records that refer to it, newest first', async () => {
    assert.deepEqual(await events('person', ids.person), ['deal.stage_changed', 'deal.updated', 'activity.created', 'deal.created', 'person.created']);
    assert.deepEqual(await events('company', ids.company), ['deal.stage_changed', 'deal.updated', 'deal.created', 'person.created', 'company.created']);
    assert.deepEqual(await events('deal', ids.deal), ['deal.stage_changed', 'deal.updated', 'activity.created', 'deal.created']);
    const entries = (await timeline('deal', ids.deal)).json().data as Entry[];
    assert.deepEqual(entries[0]!.changes.stage, { before: 'new', after: 'won' });
    assert.equal(entries[0]!.title, 'Поставка');
  });

  test('the timeline filters by record type and pages with a cursor', async () => {
    assert.deepEqual(await events('person', ids.person, '&types=activity'), ['activity.created']);
    const first = (await timeline('person', ids.person, '&limit=2')).json();
    assert.equal(first.data.length, 2);
    const second = (await timeline('person', ids.person, `&limit=2&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(second.data.map((e: Entry) => e.event), ['activity.created', 'deal.created']);
  });

  test("entries about records outside the reader's scope are left out", async () => {
    // The operator owns the person and the activity, not the deal.
    assert.deepEqual(await events('person', ids.person, '', ws.actors.operator.headers), ['activity.created', 'person.created']);
    const company = await timeline('company', ids.company, '', ws.actors.operator.headers);
    assert.equal(company.statusCode, 404, 'the company itself is out of scope');
  });

  test('hidden fields stay hidden in the timeline', async () => {
    await call('POST', '/api/v1/roles', {
      key: 'no-amounts', name: 'No amounts', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { deal: { amount: 'hidden' } },
    });
    await call('PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'no-amounts' });
    const res = await timeline('deal', ids.deal, '', ws.actors.readOnly.headers);
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('500000'));
    const admin = await timeline('deal', ids.deal);
    assert.ok(admin.body.includes('500000'));
  });

  test('a redelivered event adds nothing', async () => {
    const row = await sql<DomainEvent & { workspace_id: string; entity_type: string; entity_id: string; actor_type: string; actor_id: string; occurred_at: Date }>`
      select * from domain_event where name = 'activity.created' limit 1`.execute(app.conn.db);
    const e = row.rows[0]!;
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from timeline_entry`.execute(app.conn.db)).rows[0]!.n;
    const before = await count();
    await projectEvent(app.conn.db, {
      id: e.id, workspaceId: e.workspace_id, name: e.name, entityType: e.entity_type, entityId: e.entity_id,
      payload: e.payload, actorType: e.actor_type, actorId: e.actor_id, occurredAt: e.occurred_at.toISOString(),
    });
    assert.equal(await count(), before);
  });

  test('asking for an unknown record or type answers 404', async () => {
    assert.equal((await timeline('person', '01900000-0000-7000-8000-000000000000')).statusCode, 404);
    assert.equal((await timeline('spaceship', ids.person)).statusCode, 404);
  });
});
