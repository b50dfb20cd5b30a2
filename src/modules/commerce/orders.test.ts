import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { sweepUnpaidOrders } from './unpaid-orders.service.ts';

type Totals = { data: { currency: string; order_count: number; revenue: string; returned: string; average_order_value: string; first_order_at: string; last_order_at: string; categories: string[] }[] };

describe('orders', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  let kettleId: string;

  const admin = () => ws.actors.admin.headers;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const order = (lines: object[], extra: object = {}) => ({
    customer: { email: 'Olga@Example.ru', first_name: 'Ольга', last_name: 'Соколова' }, currency: 'RUB', channel: 'online', lines, ...extra,
  });

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'shop');
    other = await createTestWorkspace(app, 'other-shop');
    kettleId = (await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Чайник', sku: 'KET-1', category: 'Кухня', price: '2500', currency: 'RUB' })).id as string;
    await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Плед', sku: 'PLD-2', category: 'Текстиль', price: '1800', currency: 'RUB' });
  });
  after(() => app.close());

  test('an upsert by external id creates the order with its customer and lines, and the same request again changes nothing', async () => {
    const body = order([{ sku: 'KET-1', quantity: 2 }, { product_id: kettleId, quantity: 1, unit_price: '2000', discount: '100' }], { status: 'paid', payment_method: 'card' });
    const first = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-1001', body);
    assert.equal(first.is_created, true);
    assert.equal(first.status, 'paid');
    assert.equal(Number(first.total), 2 * 2500 + 2000 - 100);
    const again = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-1001', body);
    assert.deepEqual({ ...again, is_created: false }, { ...first, is_created: false });
    assert.equal(again.id, first.id);

    const stored = await callOk(app, admin(), 'GET', `/api/v1/orders/${first.id}`);
    assert.equal(stored.number, 'shop-1001');
    assert.equal(stored.paid_amount, stored.total, 'paid without an amount means paid in full');
    assert.equal(Number(stored.debt), 0);
    assert.ok(stored.paid_at);
    const people = await callOk(app, admin(), 'GET', '/api/v1/people?q=olga@example.ru');
    assert.equal(people.data.length, 1, 'the customer was created once, matched by the normalised email the second time');
    assert.equal(stored.person_id, people.data[0].id);
    const history = await callOk(app, admin(), 'GET', `/api/v1/orders/${first.id}/audit`);
    assert.equal(history.data.filter((e: { action: string }) => e.action === 'create').length, 1);
  });

  test('customer totals follow orders: revenue, count, average order, first and last purchase, categories', async () => {
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-1002',
      order([{ sku: 'PLD-2', quantity: 1 }], { status: 'fulfilled', placed_at: '2026-11-01T10:00:00Z' }));
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-1003', order([{ sku: 'PLD-2', quantity: 5 }]));
    const person = (await callOk(app, admin(), 'GET', '/api/v1/people?q=olga@example.ru')).data[0];
    const totals = await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/purchases`) as Totals;
    assert.equal(totals.data.length, 1);
    const rub = totals.data[0]!;
    assert.equal(rub.order_count, 2, 'an order only created, not paid, is not a purchase yet');
    assert.equal(Number(rub.revenue), 6900 + 1800);
    assert.equal(Number(rub.average_order_value), 4350);
    assert.equal(rub.first_order_at, '2026-11-01T10:00:00.000Z');
    assert.deepEqual(rub.categories, ['Кухня', 'Текстиль']);
  });

  test('status moves follow the lifecycle; a wrong move is refused naming the field and changes nothing', async () => {
    const created = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-2001', order([{ sku: 'PLD-2', quantity: 1 }]));
    const bad = await call('PATCH', `/api/v1/orders/${created.id}`, { status: 'returned' });
    assert.equal(bad.statusCode, 409);
    assert.equal(bad.json().code, 'ORDER_STATUS_NOT_ALLOWED');
    assert.equal(bad.json().field, 'status');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/orders/${created.id}`)).status, 'created');

    const fulfilled = await callOk(app, admin(), 'PATCH', `/api/v1/orders/${created.id}`, { status: 'fulfilled' });
    assert.equal(Number(fulfilled.debt), 1800, 'delivered before being paid: the customer owes the total');
    const lines = await call('PUT', `/api/v1/orders/${created.id}/lines`, { lines: [{ sku: 'PLD-2', quantity: 2 }] });
    assert.equal(lines.statusCode, 409);
    assert.equal(lines.json().code, 'ORDER_LOCKED');
    const cancelled = await call('PATCH', `/api/v1/orders/${created.id}`, { status: 'cancelled' });
    assert.equal(cancelled.statusCode, 409);
  });

  test('a return refunds in proportion, returns every line to make the order returned, and lowers revenue', async () => {
    const created = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-3001',
      order([{ sku: 'KET-1', quantity: 2, discount: '500' }, { sku: 'PLD-2', quantity: 1 }], { status: 'paid' }));
    const person = (await callOk(app, admin(), 'GET', '/api/v1/people?q=olga@example.ru')).data[0];
    const revenueBefore = Number(((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/purchases`)) as Totals).data[0]!.revenue);
    const lines = (await callOk(app, admin(), 'GET', `/api/v1/orders/${created.id}/lines`)).data as { id: string; sku: string; amount: string }[];
    const kettle = lines.find((l) => l.sku === 'KET-1')!;
    const plaid = lines.find((l) => l.sku === 'PLD-2')!;

    const tooMany = await call('POST', `/api/v1/orders/${created.id}/returns`, { lines: [{ line_id: kettle.id, quantity: 3 }] });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().field, 'lines.0.quantity');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/orders/${created.id}/returns`)).data.length, 0, 'a refused return records nothing');

    const first = await call('POST', `/api/v1/orders/${created.id}/returns`, { external_id: 'ret-1', reason: 'Брак', lines: [{ line_id: kettle.id, quantity: 1 }] });
    assert.equal(first.statusCode, 201);
    assert.equal(Number(first.json().total), (5000 - 500) / 2);
    const retried = await call('POST', `/api/v1/orders/${created.id}/returns`, { external_id: 'ret-1', reason: 'Брак', lines: [{ line_id: kettle.id, quantity: 1 }] });
    assert.equal(retried.statusCode, 200, 'the same return again is not a second return');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/orders/${created.id}`)).status, 'paid');

    await callOk(app, admin(), 'POST', `/api/v1/orders/${created.id}/returns`, { lines: [{ line_id: kettle.id, quantity: 1 }, { line_id: plaid.id, quantity: 1 }] });
    const returned = await callOk(app, admin(), 'GET', `/api/v1/orders/${created.id}`);
    assert.equal(returned.status, 'returned');
    assert.equal(Number(returned.returned_total), 4500 + 1800);
    const revenueAfter = Number(((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/purchases`)) as Totals).data[0]!.revenue);
    assert.equal(revenueAfter, revenueBefore - 6300);
  });

  test('bad lines are named and nothing is written', async () => {
    const noPrice = await call('PUT', '/api/v1/orders/by-external-id/shop-4001', order([{ sku: 'PLD-2', quantity: 1 }, { sku: 'NOPE', quantity: 1 }]));
    assert.equal(noPrice.statusCode, 400);
    assert.equal(noPrice.json().field, 'lines.1.name');
    const discount = await call('PUT', '/api/v1/orders/by-external-id/shop-4001', order([{ sku: 'PLD-2', quantity: 1, discount: '5000' }]));
    assert.equal(discount.json().field, 'lines.0.discount');
    const quantity = await call('PUT', '/api/v1/orders/by-external-id/shop-4001', order([{ sku: 'PLD-2', quantity: 0 }]));
    assert.equal(quantity.statusCode, 400);
    assert.match(quantity.json().field, /^lines\.0\.quantity/);
    const phone = await call('PUT', '/api/v1/orders/by-external-id/shop-4001', { ...order([{ sku: 'PLD-2', quantity: 1 }]), customer: { phone: '12' } });
    assert.equal(phone.json().field, 'customer.phone');
    const orders = await callOk(app, admin(), 'GET', '/api/v1/orders?q=shop-4001');
    assert.equal(orders.data.length, 0);
  });

  test('orders appear on the customer’s timeline', async () => {
    await settle(app);
    const person = (await callOk(app, admin(), 'GET', '/api/v1/people?q=olga@example.ru')).data[0];
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}&limit=100`);
    const names = timeline.data.map((e: { event: string }) => e.event);
    assert.ok(names.includes('order.created'));
    assert.ok(names.includes('order.returned'));
  });

  test('an order still unpaid two hours after it was placed is announced once', async () => {
    const placed = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const unpaid = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-6001', order([{ sku: 'PLD-2', quantity: 1 }], { placed_at: placed }));
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-6002', order([{ sku: 'PLD-2', quantity: 1 }], { placed_at: placed, status: 'paid' }));
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-6003', order([{ sku: 'PLD-2', quantity: 1 }]));
    assert.equal(await sweepUnpaidOrders(app.conn.db), 1);
    assert.equal(await sweepUnpaidOrders(app.conn.db), 0, 'announced once');
    const events = await sql<{ entity_id: string }>`select entity_id from domain_event where workspace_id = ${ws.workspace.id} and name = 'order.unpaid_timeout'`.execute(app.conn.db);
    assert.deepEqual(events.rows.map((e) => e.entity_id), [unpaid.id]);
  });

  test('another workspace sees none of it', async () => {
    const created = await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-5001', order([{ sku: 'PLD-2', quantity: 1 }]));
    for (const url of [`/api/v1/orders/${created.id}`, `/api/v1/orders/${created.id}/lines`, `/api/v1/orders/${created.id}/returns`]) {
      assert.equal((await call('GET', url, undefined, other.actors.admin.headers)).statusCode, 404, url);
    }
    const foreign = await call('PUT', '/api/v1/orders/by-external-id/shop-5001', order([{ name: 'Плед', quantity: 1, unit_price: '10' }]), other.actors.admin.headers);
    assert.equal(foreign.statusCode, 200);
    assert.notEqual(foreign.json().id, created.id, 'external ids are per workspace');
  });
});
