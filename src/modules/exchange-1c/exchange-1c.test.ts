import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { XMLParser } from 'fast-xml-parser';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));

type Workspace = Awaited<ReturnType<typeof createTestWorkspace>>;
type Credentials = { url: string; login: string; password: string };

describe('1C exchange (CommerceML 2)', () => {
  let app: TestApp;
  let ws: Workspace;
  let other: Workspace;
  let creds: Credentials;
  let otherCreds: Credentials;

  const basic = (c: { login: string; password: string }) => `Basic ${Buffer.from(`${c.login}:${c.password}`).toString('base64')}`;
  const exchange = (slug: string, query: string, options: { authorization?: string; cookie?: string; body?: Buffer } = {}) =>
    app.http.inject({
      method: options.body ? 'POST' : 'GET',
      url: `/exchange/1c/${slug}?${query}`,
      headers: {
        ...(options.authorization ? { authorization: options.authorization } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(options.body ? { payload: options.body } : {}),
    });

  /** checkauth → init, as 1C starts every exchange; returns the cookie to send back. */
  async function openSession(slug: string, c: Credentials, type = 'catalog'): Promise<string> {
    const auth = await exchange(slug, `type=${type}&mode=checkauth`, { authorization: basic(c) });
    assert.equal(auth.statusCode, 200, auth.body);
    const [status, name, value] = auth.body.split('\n');
    assert.equal(status, 'success');
    const cookie = `${name}=${value}`;
    const init = await exchange(slug, `type=${type}&mode=init`, { cookie });
    assert.match(init.body, /^zip=no\nfile_limit=\d+$/);
    return cookie;
  }

  /** Sends a file in two parts, then asks for its import; returns the import answer. */
  async function upload(slug: string, cookie: string, filename: string, content: Buffer) {
    const half = Math.floor(content.length / 2);
    for (const part of [content.subarray(0, half), content.subarray(half)]) {
      const res = await exchange(slug, `type=catalog&mode=file&filename=${filename}`, { cookie, body: part });
      assert.equal(res.body, 'success');
    }
    return exchange(slug, `type=catalog&mode=import&filename=${filename}`, { cookie });
  }

  /** Products, prices and audit of a workspace: what a refused or repeated exchange must leave alone. */
  async function snapshot(workspaceId: string) {
    // dispatched_at changes as the relay delivers events, not as the exchange writes.
    const digest = async (table: string) => (await sql<{ d: string }>`
      select coalesce(md5(string_agg((to_jsonb(t) - 'dispatched_at')::text, '|' order by t::text)), '') as d
      from ${sql.table(table)} t where workspace_id = ${workspaceId}`.execute(app.conn.db)).rows[0]!.d;
    return {
      product: await digest('product'), price_list: await digest('price_list'), price_list_item: await digest('price_list_item'),
      sales_order: await digest('sales_order'), audit_log: await digest('audit_log'), domain_event: await digest('domain_event'),
    };
  }

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'shop-1c');
    other = await createTestWorkspace(app, 'other-1c');
    creds = await callOk(app, ws.actors.admin.headers, 'POST', '/api/v1/exchange-1c/credentials', {});
    otherCreds = await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/exchange-1c/credentials', {});
    // A product entered by hand before 1C was connected: the catalogue adopts it by SKU.
    await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/products', { name: 'Плед', sku: 'PLD-2', price: '1800', currency: 'RUB' });
  });
  after(() => app.close());

  test('only administrators see and rotate the exchange credentials; the URL names the workspace', async () => {
    assert.match(creds.url, /\/exchange\/1c\/shop-1c$/);
    assert.match(creds.login, /^1c-/);
    const settings = await callOk(app, ws.actors.admin.headers, 'GET', '/api/v1/exchange-1c');
    assert.equal(settings.login, creds.login);
    assert.equal(settings.password, undefined, 'the password is never shown again');
    const manager = await app.http.inject({ method: 'GET', url: '/api/v1/exchange-1c', headers: ws.actors.manager.headers });
    assert.equal(manager.statusCode, 403);
    const rotate = await app.http.inject({ method: 'POST', url: '/api/v1/exchange-1c/credentials', headers: ws.actors.manager.headers, payload: {} });
    assert.equal(rotate.statusCode, 403);
  });

  test('import.xml and offers.xml sent as 1C does make products and prices; the same files again change nothing', async () => {
    const cookie = await openSession('shop-1c', creds);
    const imported = await upload('shop-1c', cookie, 'import.xml', fixture('import.xml'));
    assert.equal(imported.body, 'success');
    const offers = await upload('shop-1c', cookie, 'offers.xml', fixture('offers.xml'));
    assert.equal(offers.body, 'success');

    const products = (await callOk(app, ws.adminKeyHeaders, 'GET', '/api/v1/products?limit=50')).data as Record<string, string>[];
    assert.equal(products.length, 3, 'the hand-made plaid was matched by SKU, not duplicated');
    const kettle = products.find((p) => p.sku === 'KET-1')!;
    assert.equal(kettle.name, 'Чайник электрический 1,7 л');
    assert.equal(kettle.external_id, 'c0ffee00-0001-11ee-8000-00155d000001');
    assert.equal(kettle.category, 'Чайники', 'a nested group is the category');
    assert.equal(kettle.unit, 'шт');
    assert.equal(kettle.description, 'Стальной корпус, автоотключение & защита от перегрева');
    const plaid = products.find((p) => p.sku === 'PLD-2')!;
    assert.equal(plaid.name, 'Плед шерстяной 140×200');
    assert.equal(plaid.external_id, 'c0ffee00-0002-11ee-8000-00155d000001');

    const lists = (await callOk(app, ws.adminKeyHeaders, 'GET', '/api/v1/price-lists')).data as { id: string; name: string; currency: string; is_default: boolean }[];
    assert.deepEqual(lists.map((l) => [l.name, l.currency, l.is_default]), [['Розничная', 'RUB', true], ['Оптовая', 'RUB', false]]);
    const retail = (await callOk(app, ws.adminKeyHeaders, 'GET', `/api/v1/price-lists/${lists[0]!.id}/items`)).data as { sku: string; price: string }[];
    assert.deepEqual(retail.map((i) => [i.sku, Number(i.price)]).sort(), [['KET-1', 2490], ['PLD-2', 3200.5]], 'a variant offer prices its product');
    const wholesale = (await callOk(app, ws.adminKeyHeaders, 'GET', `/api/v1/price-lists/${lists[1]!.id}/items`)).data as { sku: string; price: string }[];
    assert.deepEqual(wholesale.map((i) => [i.sku, Number(i.price)]), [['KET-1', 1990]]);

    const audit = await callOk(app, ws.adminKeyHeaders, 'GET', '/api/v1/audit?entity_type=exchange_1c');
    assert.ok(audit.data.some((e: { action: string }) => e.action === 'import'), 'the import is audited');
    const history = await callOk(app, ws.adminKeyHeaders, 'GET', `/api/v1/products/${kettle.id}/audit`);
    assert.equal(history.data[0].actor_name, '1C exchange');

    await settle(app);
    const before = await snapshot(ws.workspace.id);
    const again = await openSession('shop-1c', creds);
    assert.equal((await upload('shop-1c', again, 'import.xml', fixture('import.xml'))).body, 'success');
    assert.equal((await upload('shop-1c', again, 'offers.xml', fixture('offers.xml'))).body, 'success');
    await settle(app);
    assert.deepEqual(await snapshot(ws.workspace.id), before, 'the second run wrote nothing: no product, price, audit entry or event');

    const log = (await callOk(app, ws.actors.admin.headers, 'GET', '/api/v1/exchange-1c/log?limit=100')).data as { mode: string; filename: string; result: string; counts: Record<string, number> }[];
    const lastOffers = log.find((l) => l.mode === 'import' && l.filename === 'offers.xml')!;
    assert.equal(lastOffers.result, 'success');
    assert.equal(lastOffers.counts.prices_set, 0);
    assert.equal(lastOffers.counts.unknown_products, 1, 'an offer of a product not in the catalogue is counted as skipped');
    const firstImport = log.filter((l) => l.mode === 'import' && l.filename === 'import.xml').at(-1)!;
    assert.equal(firstImport.counts.created, 2);
    assert.equal(firstImport.counts.updated, 1);
  });

  test('a malformed or invalid file answers failure with the reason and imports nothing of it', async () => {
    await settle(app);
    const before = await snapshot(ws.workspace.id);
    const cookie = await openSession('shop-1c', creds);
    const broken = await upload('shop-1c', cookie, 'import_broken.xml', fixture('import-broken.xml'));
    assert.equal(broken.statusCode, 200);
    assert.match(broken.body, /^failure\nThe file is not well-formed XML: .*line \d+/);
    const invalid = await upload('shop-1c', cookie, 'import_invalid.xml', fixture('import-invalid-product.xml'));
    assert.equal(invalid.body, 'failure\nКаталог/Товары/Товар[2]/Наименование: is required');
    await settle(app);
    assert.deepEqual(await snapshot(ws.workspace.id), before);
    const log = (await callOk(app, ws.actors.admin.headers, 'GET', '/api/v1/exchange-1c/log?limit=5')).data as { result: string; message: string }[];
    assert.equal(log[0]!.result, 'failure');
    assert.match(log[0]!.message, /Товар\[2\]/);
  });

  test('wrong credentials, no session and another workspace’s credentials are all refused', async () => {
    const wrong = await exchange('shop-1c', 'type=catalog&mode=checkauth', { authorization: basic({ login: creds.login, password: 'guess' }) });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /^failure\n/);
    const none = await exchange('shop-1c', 'type=catalog&mode=checkauth');
    assert.equal(none.statusCode, 401);
    const unknown = await exchange('no-such-shop', 'type=catalog&mode=checkauth', { authorization: basic(creds) });
    assert.equal(unknown.statusCode, 401, 'an unknown workspace looks like a wrong password');

    const crossed = await exchange('shop-1c', 'type=catalog&mode=checkauth', { authorization: basic(otherCreds) });
    assert.equal(crossed.statusCode, 401, 'the other workspace’s login opens nothing here');
    // A session of the other workspace is no session here either.
    const otherCookie = await openSession('other-1c', otherCreds);
    const before = await snapshot(ws.workspace.id);
    const file = await exchange('shop-1c', 'type=catalog&mode=file&filename=import.xml', { cookie: otherCookie, body: fixture('import.xml') });
    assert.equal(file.statusCode, 401);
    const imported = await exchange('shop-1c', 'type=catalog&mode=import&filename=import.xml', { cookie: otherCookie });
    assert.equal(imported.statusCode, 401);
    const query = await exchange('shop-1c', 'type=sale&mode=query', { cookie: otherCookie });
    assert.equal(query.statusCode, 401);
    assert.deepEqual(await snapshot(ws.workspace.id), before);

    // Rotating the credentials retires the old password.
    const rotated = await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/exchange-1c/credentials', {});
    assert.equal((await exchange('other-1c', 'type=catalog&mode=checkauth', { authorization: basic(otherCreds) })).statusCode, 401);
    assert.equal((await exchange('other-1c', 'type=catalog&mode=checkauth', { authorization: basic(rotated) })).statusCode, 200);
  });

  test('sale mode sends an order made through the orders API, and applies the status 1C sends back', async () => {
    const order = await callOk(app, ws.adminKeyHeaders, 'PUT', '/api/v1/orders/by-external-id/site-501', {
      customer: { email: 'olga@example.ru', first_name: 'Ольга', last_name: 'Соколова & Ко' }, currency: 'RUB',
      lines: [{ sku: 'KET-1', quantity: 2, unit_price: '2490' }],
    });
    const cookie = await openSession('shop-1c', creds, 'sale');
    const query = await exchange('shop-1c', 'type=sale&mode=query', { cookie });
    assert.equal(query.statusCode, 200);
    assert.match(query.headers['content-type'] as string, /xml/);
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['Документ', 'Товар', 'Контрагент'].includes(name) }).parse(query.body);
    const info = parsed['КоммерческаяИнформация'];
    assert.equal(info['@_ВерсияСхемы'], '2.10');
    const doc = info['Документ'].find((d: Record<string, string>) => d['Ид'] === order.id);
    assert.ok(doc, 'the order is among the documents');
    assert.equal(doc['Номер'], 'site-501');
    assert.equal(doc['ХозОперация'], 'Заказ товара');
    assert.equal(doc['Валюта'], 'руб');
    assert.equal(Number(doc['Сумма']), 4980);
    assert.match(doc['Дата'], /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(doc['Контрагенты']['Контрагент'][0]['Наименование'], 'Соколова & Ко Ольга');
    assert.equal(doc['Товары']['Товар'][0]['Ид'], 'c0ffee00-0001-11ee-8000-00155d000001', 'lines name goods by their 1C id');
    assert.equal(Number(doc['Товары']['Товар'][0]['Количество']), 2);

    assert.equal((await exchange('shop-1c', 'type=sale&mode=query', { cookie })).body.includes(order.id), true, 'unconfirmed orders are sent again');
    assert.equal((await exchange('shop-1c', 'type=sale&mode=success', { cookie })).body, 'success');
    const afterSuccess = await exchange('shop-1c', 'type=sale&mode=query', { cookie });
    assert.equal(afterSuccess.body.includes(order.id), false, 'confirmed orders are not sent again');
    await exchange('shop-1c', 'type=sale&mode=success', { cookie });

    const statuses = Buffer.from(fixture('orders-from-1c.xml').toString('utf8').replace('ORDER_ID', order.id).replace('ORDER_NUMBER', 'site-501'));
    const applied = await exchange('shop-1c', 'type=sale&mode=file&filename=orders-1c.xml', { cookie, body: statuses });
    assert.equal(applied.body, 'success');
    const stored = await callOk(app, ws.adminKeyHeaders, 'GET', `/api/v1/orders/${order.id}`);
    assert.equal(stored.status, 'fulfilled', 'paid and shipped in 1C: paid, then fulfilled');
    assert.ok(stored.paid_at);
    assert.equal(Number(stored.debt), 0);
    const history = await callOk(app, ws.adminKeyHeaders, 'GET', `/api/v1/orders/${order.id}/audit`);
    assert.ok(history.data.some((e: { actor_name: string; changes: Record<string, { after: unknown }> }) => e.actor_name === '1C exchange' && e.changes.status?.after === 'fulfilled'));

    const log = (await callOk(app, ws.actors.admin.headers, 'GET', '/api/v1/exchange-1c/log?limit=1')).data[0];
    assert.deepEqual({ mode: log.mode, changed: log.counts.changed, not_found: log.counts.not_found }, { mode: 'file', changed: 1, not_found: 1 });

    const again = await exchange('shop-1c', 'type=sale&mode=file&filename=orders-1c.xml', { cookie, body: statuses });
    assert.equal(again.body, 'success');
    assert.equal((await callOk(app, ws.actors.admin.headers, 'GET', '/api/v1/exchange-1c/log?limit=1')).data[0].counts.unchanged, 1);

    const malformed = await exchange('shop-1c', 'type=sale&mode=file&filename=orders-1c.xml', { cookie, body: Buffer.from('<КоммерческаяИнформация><Документ>') });
    assert.match(malformed.body, /^failure\nThe file is not well-formed XML/);
  });
});
