import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { maintainEventPartitions, markSleepingCustomers, sweepAbandonedCarts } from './derived-state.service.ts';

describe('tracking', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  let writeKey: string;
  let otherKey: string;
  let sequence = 0;

  const admin = () => ws.actors.admin.headers;
  const event = (type: string, visitor: string, properties: object = {}, extra: object = {}) =>
    ({ id: `evt-${++sequence}-${Date.now()}`, type, visitor_id: visitor, url: 'https://shop.example/', properties, ...extra });
  const sendPublic = (key: string, events: object[], headers: Record<string, string> = {}) =>
    app.http.inject({ method: 'POST', url: `/t/${key}/events`, headers: { 'content-type': 'text/plain', ...headers }, payload: JSON.stringify({ events }) });
  const personByEmail = async (email: string) => (await callOk(app, admin(), 'GET', `/api/v1/people?q=${encodeURIComponent(email)}`)).data[0];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'tracked');
    other = await createTestWorkspace(app, 'tracked-other');
    writeKey = (await callOk(app, admin(), 'GET', '/api/v1/tracking/settings')).write_key;
    otherKey = (await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/tracking/settings')).write_key;
  });
  after(() => app.close());

  test('a batch keeps its good events, lists bad ones by index and field, and a retry stores nothing twice', async () => {
    const events = [
      event('page_view', 'visitor-aaaa1111', { title: 'Главная' }),
      event('add_to_cart', 'visitor-aaaa1111', { quantity: 2 }),
      event('product_view', 'visitor-aaaa1111', { sku: 'KET-1', price: '2500.00', currency: 'RUB' }),
      event('teleported', 'visitor-aaaa1111'),
      event('page_view', 'visitor-aaaa1111', {}, { occurred_at: '2099-01-01T00:00:00Z' }),
      event('email_opened', 'visitor-aaaa1111', { message_id: 'm1' }),
    ];
    const first = await sendPublic(writeKey, events);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().accepted, 2);
    assert.deepEqual(first.json().rejected.map((r: { index: number; field: string }) => [r.index, r.field]), [
      [1, 'events.1.properties'], [3, 'events.3.type'], [4, 'events.4.occurred_at'], [5, 'events.5.type'],
    ]);
    const again = await sendPublic(writeKey, events);
    assert.equal(again.json().accepted, 0);
    assert.equal(again.json().duplicates, 2);
    const stored = await sql<{ n: number }>`select count(*)::int as n from tracking_event where workspace_id = ${ws.workspace.id}`.execute(app.conn.db);
    assert.equal(stored.rows[0]!.n, 2);
  });

  test('a visitor who identifies becomes the person: earlier events and cart move to them, and the timeline says so', async () => {
    const visitor = 'visitor-bbbb2222';
    await sendPublic(writeKey, [
      event('page_view', visitor),
      event('add_to_cart', visitor, { sku: 'KET-1', name: 'Чайник', quantity: 2, price: 2500, currency: 'RUB' }),
      event('add_to_cart', visitor, { sku: 'PLD-2', name: 'Плед', quantity: 1, price: 1800, currency: 'RUB' }),
      event('remove_from_cart', visitor, { sku: 'KET-1', quantity: 1 }),
    ]);
    const identified = await sendPublic(writeKey, [event('identify', visitor, { email: 'Vera@Example.ru', first_name: 'Вера' }), event('page_view', visitor)]);
    assert.equal(identified.json().accepted, 2);
    const person = await personByEmail('vera@example.ru');
    assert.ok(person, 'the identify created the person');
    const events = await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/events?limit=50`);
    assert.equal(events.data.length, 6, 'the anonymous events are the person’s now');
    const activity = await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`);
    assert.equal(activity.open_cart.value, '4300.00');
    assert.equal(activity.open_cart.items['KET-1'].quantity, 1);
    assert.equal(activity.engagement.status, 'active');
    assert.equal(activity.visitors, 1);
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}`);
    assert.ok(timeline.data.some((e: { event: string }) => e.event === 'person.identified'));

    // The same visitor id in another workspace is somebody else entirely.
    await sendPublic(otherKey, [event('identify', visitor, { email: 'vera@example.ru' })]);
    const theirs = await sql<{ n: number }>`select count(*)::int as n from tracking_event where workspace_id = ${other.workspace.id} and person_id = ${person.id}`.execute(app.conn.db);
    assert.equal(theirs.rows[0]!.n, 0);
  });

  test('an untouched cart is abandoned after the wait and announced; a purchase closes the next one', async () => {
    await callOk(app, admin(), 'PATCH', '/api/v1/tracking/settings', { cart_abandon_minutes: 30 });
    const abandoned = await sweepAbandonedCarts(app.conn.db, new Date(Date.now() + 31 * 60_000));
    assert.ok(abandoned >= 1);
    const person = await personByEmail('vera@example.ru');
    const announced = await sql<{ payload: { value: string } }>`select payload from domain_event
      where workspace_id = ${ws.workspace.id} and name = 'cart.abandoned' and entity_id = ${person.id}`.execute(app.conn.db);
    assert.equal(announced.rows.length, 1);
    assert.equal(announced.rows[0]!.payload.value, '4300.00');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).open_cart, null);

    await sendPublic(writeKey, [event('add_to_cart', 'visitor-bbbb2222', { sku: 'PLD-2', quantity: 1, price: 1800 })]);
    assert.ok((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).open_cart);
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/web-77', { person_id: person.id, lines: [{ name: 'Плед', quantity: 1, unit_price: '1800' }] });
    await settle(app);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).open_cart, null, 'the purchase converted the cart');
  });

  test('a customer with no activity for the period falls asleep, and wakes on their next visit', async () => {
    const person = await personByEmail('vera@example.ru');
    assert.ok(await markSleepingCustomers(app.conn.db, new Date(Date.now() + 91 * 86_400_000)) >= 1);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).engagement.status, 'sleeping');
    await sendPublic(writeKey, [event('page_view', 'visitor-bbbb2222')]);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).engagement.status, 'active');
    const changes = await sql<{ n: number }>`select count(*)::int as n from domain_event
      where workspace_id = ${ws.workspace.id} and name = 'customer.engagement_changed' and entity_id = ${person.id}`.execute(app.conn.db);
    assert.equal(changes.rows[0]!.n, 2);
  });

  test('the API takes server-side events about a person, but not about another workspace’s', async () => {
    const person = await personByEmail('vera@example.ru');
    const foreign = (await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/people', { first_name: 'Чужой' })).id;
    const res = await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/events/batch', { events: [
      { id: 'srv-0001-open', type: 'email_opened', person_id: person.id, properties: { message_id: 'welcome-1' } },
      { id: 'srv-0002-open', type: 'email_opened', person_id: foreign, properties: { message_id: 'welcome-1' } },
    ] });
    assert.equal(res.accepted, 1);
    assert.deepEqual(res.rejected.map((r: { field: string }) => r.field), ['events.1.person_id']);
    assert.ok((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/activity`)).engagement.last_email_at);
  });

  test('sites outside the allowed list are refused, and unknown write keys find nothing', async () => {
    await callOk(app, admin(), 'PATCH', '/api/v1/tracking/settings', { allowed_origins: ['https://shop.example'] });
    const refused = await sendPublic(writeKey, [event('page_view', 'visitor-cccc3333')], { origin: 'https://evil.example' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'ORIGIN_NOT_ALLOWED');
    const allowed = await sendPublic(writeKey, [event('page_view', 'visitor-cccc3333')], { origin: 'https://shop.example' });
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://shop.example');
    assert.equal((await sendPublic('wk_nonexistent-key-000', [event('page_view', 'visitor-cccc3333')])).statusCode, 404);
    assert.equal((await app.http.inject({ method: 'GET', url: '/t/rapport-track.js' })).statusCode, 200);
  });

  test('events live in monthly partitions, and months past retention are dropped whole', async () => {
    await sql.raw(`create table tracking_event_2020_01 partition of tracking_event for values from ('2020-01-01 00:00:00+00') to ('2020-02-01 00:00:00+00')`).execute(app.conn.db);
    const dropped = await maintainEventPartitions(app.conn.db);
    assert.deepEqual(dropped, ['tracking_event_2020_01']);
    const months = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent where p.relname = 'tracking_event'`.execute(app.conn.db);
    assert.ok(months.rows.length >= 2, 'this month and the next exist');
  });
});
