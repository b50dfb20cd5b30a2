import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

describe('products, price lists and deal lines', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object | string, headers: Record<string, string> = admin()) =>
    app.http.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'products');
    ids.laptop = (await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Ноутбук', sku: 'NB-1', price: '100000', category: 'Оборудование' })).id;
    ids.training = (await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Обучение', sku: 'TR-1', kind: 'service', unit: 'день', price: '40000' })).id;
    ids.priceless = (await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Под заказ', sku: 'CUSTOM' })).id;
  });
  after(() => app.close());

  test('products are records: listed, searched by SKU, with defaults', async () => {
    const laptop = await callOk(app, admin(), 'GET', `/api/v1/products/${ids.laptop}`);
    assert.equal(laptop.kind, 'product');
    assert.equal(laptop.unit, 'шт');
    assert.equal(laptop.currency, 'RUB');
    const found = await callOk(app, admin(), 'GET', '/api/v1/products?q=tr-1');
    assert.deepEqual(found.data.map((p: { id: string }) => p.id), [ids.training]);
  });

  test('price lists hold prices per currency; CSV and JSON updates are all or nothing', async () => {
    const euro = await callOk(app, admin(), 'POST', '/api/v1/price-lists', { name: 'Экспорт', currency: 'EUR', is_default: true });
    ids.euro = euro.id;
    const bad = await inject('PUT', `/api/v1/price-lists/${euro.id}/items`, { items: [{ sku: 'NB-1', price: '1000' }, { sku: 'NOPE', price: '5' }] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'items.1');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/price-lists/${euro.id}/items`)).data.length, 0, 'nothing was changed');

    const csv = await inject('POST', `/api/v1/price-lists/${euro.id}/items/csv`, 'Артикул;Цена\nNB-1;1 050,50\nTR-1;420\n', { ...admin(), 'content-type': 'text/csv' });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.deepEqual(csv.json(), { updated: 2, removed: 0 });
    const badCsv = await inject('POST', `/api/v1/price-lists/${euro.id}/items/csv`, 'sku,price\nNB-1,abc\n', { ...admin(), 'content-type': 'text/csv' });
    assert.equal(badCsv.statusCode, 400);
    assert.match(badCsv.json().detail, /Row 2/);

    const prices = await callOk(app, admin(), 'GET', `/api/v1/products/${ids.laptop}/prices`);
    assert.deepEqual(prices.data.map((p: { currency: string; price: string }) => [p.currency, p.price]), [['EUR', '1050.50']]);
    const lists = await callOk(app, admin(), 'GET', '/api/v1/price-lists');
    assert.equal(lists.data.find((l: { id: string }) => l.id === euro.id).item_count, 2);

    const second = await callOk(app, admin(), 'POST', '/api/v1/price-lists', { name: 'Евро-акция', currency: 'EUR', is_default: true });
    const after = await callOk(app, admin(), 'GET', '/api/v1/price-lists');
    assert.deepEqual(after.data.filter((l: { is_default: boolean }) => l.is_default).map((l: { id: string }) => l.id), [second.id], 'one default per currency');
    await callOk(app, admin(), 'PATCH', `/api/v1/price-lists/${euro.id}`, { is_default: true });

    const byOperator = await inject('POST', '/api/v1/price-lists', { name: 'Моя', currency: 'RUB' }, ws.actors.operator.headers);
    assert.equal(byOperator.statusCode, 403);
  });

  test('deal lines take prices in the deal’s currency and set its amount; a missing price names the line', async () => {
    const rubDeal = await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'Оснащение офиса', amount: '1' });
    const lines = await callOk(app, admin(), 'PUT', `/api/v1/deals/${rubDeal.id}/lines`, {
      lines: [
        { product_id: ids.laptop, quantity: 3, discount_percent: 10 },
        { product_id: ids.training, quantity: '2' },
        { name: 'Доставка', quantity: 1, unit_price: '1500.50' },
      ],
    });
    assert.deepEqual(lines.lines.map((l: { name: string; unit_price: string; amount: string }) => [l.name, l.unit_price, l.amount]), [
      ['Ноутбук', '100000.00', '270000.00'], ['Обучение', '40000.00', '80000.00'], ['Доставка', '1500.50', '1500.50'],
    ]);
    assert.equal(lines.total, '351500.50');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/deals/${rubDeal.id}`)).amount, '351500.50');

    const manual = await inject('PATCH', `/api/v1/deals/${rubDeal.id}`, { amount: '5' });
    assert.equal(manual.statusCode, 400);
    assert.equal(manual.json().field, 'amount');

    const euroDeal = await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'Export', currency: 'EUR' });
    const euroLines = await callOk(app, admin(), 'PUT', `/api/v1/deals/${euroDeal.id}/lines`, { lines: [{ product_id: ids.laptop, quantity: 2 }] });
    assert.equal(euroLines.lines[0].unit_price, '1050.50', 'the default EUR list, not the RUB base price');
    const noPrice = await inject('PUT', `/api/v1/deals/${euroDeal.id}/lines`, { lines: [{ product_id: ids.laptop, quantity: 1 }, { product_id: ids.priceless, quantity: 1 }] });
    assert.equal(noPrice.statusCode, 400);
    assert.equal(noPrice.json().field, 'lines.1.unit_price');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/deals/${euroDeal.id}/lines`)).lines.length, 1, 'a refused change leaves the lines as they were');
    const wrongList = await inject('PUT', `/api/v1/deals/${euroDeal.id}/lines`, { price_list_id: ids.euro, lines: [] });
    assert.equal(wrongList.statusCode, 200);

    const audit = await sql<{ changes: Record<string, unknown> }>`
      select changes from audit_log where entity_type = 'deal' and entity_id = ${rubDeal.id} and changes ? 'lines'`.execute(app.conn.db);
    assert.equal(audit.rows.length, 1);
    assert.deepEqual((audit.rows[0]!.changes.amount as { after: string }).after, '351500.50');
  });

  test('readers without the amount see lines without prices; a deal’s extra contacts show with roles and on their timelines', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/roles', { key: 'no-amounts', name: 'No amounts', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { deal: { amount: 'hidden' }, person: { phone: 'hidden' } } });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'no-amounts' });
    const deal = await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'Скрытая сумма' });
    await callOk(app, admin(), 'PUT', `/api/v1/deals/${deal.id}/lines`, { lines: [{ product_id: ids.training, quantity: 1 }] });
    const seen = await callOk(app, ws.actors.readOnly.headers, 'GET', `/api/v1/deals/${deal.id}/lines`);
    assert.equal(seen.total, undefined);
    assert.equal(seen.lines[0].unit_price, undefined);
    assert.equal(seen.lines[0].name, 'Обучение');

    const boss = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Ирина', last_name: 'Орлова', phone: '+79001112233' });
    const accountant = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Олег', last_name: 'Попов' });
    await callOk(app, admin(), 'PATCH', `/api/v1/deals/${deal.id}`, { person_id: boss.id });
    const missing = await inject('PUT', `/api/v1/deals/${deal.id}/contacts`, { contacts: [{ person_id: '01890000-0000-7000-8000-000000000000' }] });
    assert.equal(missing.json().field, 'contacts.0.person_id');
    const contacts = await callOk(app, admin(), 'PUT', `/api/v1/deals/${deal.id}/contacts`, {
      contacts: [{ person_id: boss.id, role: 'ЛПР' }, { person_id: accountant.id, role: 'Бухгалтер' }],
    });
    assert.deepEqual(contacts.data.map((c: { full_name: string; role: string; is_primary: boolean }) => [c.full_name, c.role, c.is_primary]), [
      ['Орлова Ирина', 'ЛПР', true], ['Попов Олег', 'Бухгалтер', false],
    ]);
    const hiddenPhone = await callOk(app, ws.actors.readOnly.headers, 'GET', `/api/v1/deals/${deal.id}/contacts`);
    assert.equal(hiddenPhone.data[0].phone, null);
    assert.equal(hiddenPhone.data[0].full_name, 'Орлова Ирина');
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${accountant.id}`);
    assert.ok(timeline.data.some((e: { event: string }) => e.event === 'deal.contacts_changed'));
  });
});
