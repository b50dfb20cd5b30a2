import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

describe('custom objects', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};
  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const filterOn = (filter: object) => encodeURIComponent(JSON.stringify(filter));

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'objects');
    other = await createTestWorkspace(app, 'objects-other');
  });
  after(() => app.close());

  test('an administrator defines an object and its fields; it is listed among the record types', async () => {
    const contract = await callOk(app, admin(), 'POST', '/api/v1/custom-objects', {
      key: 'contract', label: { ru: 'Договор', en: 'Contract' }, label_plural: { ru: 'Договоры', en: '' }, name_label: { ru: 'Номер договора', en: 'Number' },
    });
    ids.contract = contract.id;
    assert.equal(contract.type, 'x_contract');
    assert.equal(contract.label_plural.en, 'Договоры', 'a missing language falls back to the other');
    assert.equal((await inject('POST', '/api/v1/custom-objects', { key: 'contract', label: { ru: 'X', en: 'X' }, label_plural: { ru: 'X', en: 'X' } })).statusCode, 409);
    assert.equal((await inject('POST', '/api/v1/custom-objects', { key: 'Bad Key', label: { ru: 'X', en: 'X' }, label_plural: { ru: 'X', en: 'X' } })).json().field, 'key');
    assert.equal((await inject('POST', '/api/v1/custom-objects', { key: 'mine', label: { ru: 'X', en: 'X' }, label_plural: { ru: 'X', en: 'X' } }, ws.actors.manager.headers)).statusCode, 403);
    await callOk(app, admin(), 'POST', '/api/v1/custom-objects', { key: 'property', label: { ru: 'Объект', en: 'Property' }, label_plural: { ru: 'Объекты', en: 'Properties' } });

    const define = (objectType: string, body: object) => callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: objectType, ...body });
    await define('x_contract', { key: 'amount', label: 'Сумма', kind: 'money' });
    await define('x_contract', { key: 'signed_on', label: 'Дата подписания', kind: 'date' });
    await define('x_contract', { key: 'client', label: 'Клиент', kind: 'relation', references: 'company' });
    await define('x_property', { key: 'amount', label: 'Цена', kind: 'money' });

    const types = await callOk(app, admin(), 'GET', '/api/v1/object-types');
    const type = types.data.find((t: { type: string }) => t.type === 'x_contract');
    assert.equal(type.api_path, '/objects/contract');
    assert.equal(type.is_custom_object, true);
    assert.deepEqual(type.fields.map((f: { name: string }) => f.name), ['name', 'custom.amount', 'custom.signed_on', 'custom.client']);
    const elsewhere = await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/object-types');
    assert.ok(!elsewhere.data.some((t: { type: string }) => t.type === 'x_contract'), 'another workspace does not see it');
  });

  test('records are created, validated, filtered, sorted, grouped, exported and audited like any record', async () => {
    const company = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО Арендатор' });
    const a = await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-001', custom: { amount: '150000', signed_on: '2026-10-01', client: company.id } });
    const b = await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-002', custom: { amount: '90000' }, owner_id: ws.actors.operator.userId });
    ids.a = a.id;
    ids.b = b.id;
    await callOk(app, admin(), 'POST', '/api/v1/objects/property', { name: 'Склад на Лиговском', custom: { amount: '1000000' } });
    assert.deepEqual(a.custom, { amount: '150000', signed_on: '2026-10-01', client: company.id });

    assert.equal((await inject('POST', '/api/v1/objects/contract', { custom: { amount: '1' } })).json().field, 'name');
    assert.equal((await inject('POST', '/api/v1/objects/contract', { name: 'X', custom: { amount: 'много' } })).json().field, 'custom.amount');
    assert.equal((await inject('POST', '/api/v1/objects/nothing', { name: 'X' })).statusCode, 404);

    const big = await callOk(app, admin(), 'GET', `/api/v1/objects/contract?filter=${filterOn({ field: 'custom.amount', op: 'gt', value: 100000 })}`);
    assert.deepEqual(big.data.map((r: { name: string }) => r.name), ['Д-001']);
    const sorted = await callOk(app, admin(), 'GET', '/api/v1/objects/contract?sort=-name');
    assert.deepEqual(sorted.data.map((r: { name: string }) => r.name), ['Д-002', 'Д-001'], 'only contracts, not properties');
    const groups = await callOk(app, admin(), 'GET', '/api/v1/objects/contract/groups?field=owner_id');
    assert.equal(groups.data.reduce((n: number, g: { count: number }) => n + g.count, 0), 2);
    const csv: Record<string, string>[] = parse((await inject('GET', '/api/v1/objects/contract/export')).body, { columns: true });
    assert.deepEqual(csv.map((r) => [r.name, r['custom.amount']]).sort(), [['Д-001', '150000'], ['Д-002', '90000']]);

    const found = await callOk(app, admin(), 'GET', `/api/v1/search?q=${encodeURIComponent('Д-001')}`);
    const best = found.data[0] as { type: string; plural: string; id: string };
    assert.deepEqual([best.type, best.plural, best.id], ['x_contract', 'x-contract', a.id], 'global search finds custom records, the closest first');
    const updated = await callOk(app, admin(), 'PATCH', `/api/v1/objects/contract/${a.id}`, { custom: { amount: '175000' } });
    assert.equal(updated.custom.amount, '175000');
    const history = await callOk(app, admin(), 'GET', `/api/v1/objects/contract/${a.id}/audit`);
    assert.deepEqual(history.data.map((e: { action: string }) => e.action), ['update', 'create']);
    assert.equal((await inject('GET', `/api/v1/objects/property/${a.id}`)).statusCode, 404, 'a contract is not a property');
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=x_contract&subject_id=${a.id}`);
    assert.deepEqual(timeline.data.map((e: { event: string }) => e.event), ['x_contract.updated', 'x_contract.created']);
  });

  test('permissions, field rules, views and background exports apply to custom objects', async () => {
    const operator = ws.actors.operator.headers;
    const mine = await callOk(app, operator, 'GET', '/api/v1/objects/contract');
    assert.deepEqual(mine.data.map((r: { id: string }) => r.id), [ids.b], 'an operator sees their own records');
    assert.equal((await inject('GET', `/api/v1/objects/contract/${ids.a}`, undefined, operator)).statusCode, 404);
    assert.equal((await inject('GET', `/api/v1/objects/contract/${ids.a}`, undefined, other.actors.admin.headers)).statusCode, 404);

    await callOk(app, admin(), 'POST', '/api/v1/roles', {
      key: 'contracts-clerk', name: 'Clerk', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { x_contract: { 'custom.amount': 'hidden' } },
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'contracts-clerk' });
    const clerkView = await callOk(app, ws.actors.readOnly.headers, 'GET', `/api/v1/objects/contract/${ids.a}`);
    assert.equal(clerkView.custom.amount, undefined);
    assert.equal((await inject('POST', '/api/v1/objects/contract', { name: 'X' }, ws.actors.readOnly.headers)).statusCode, 403);

    const view = await callOk(app, admin(), 'POST', '/api/v1/views', {
      object_type: 'x_contract', name: 'Крупные', filter: { field: 'custom.amount', op: 'gte', value: 100000 }, columns: ['name', 'custom.amount'],
    });
    assert.deepEqual((await callOk(app, admin(), 'GET', `/api/v1/objects/contract?view=${view.id}`)).data.map((r: { name: string }) => r.name), ['Д-001']);
    const exported = await callOk(app, admin(), 'POST', '/api/v1/exports', { object_type: 'x_contract', view: view.id });
    let status = exported.status;
    for (let i = 0; i < 100 && ['queued', 'running'].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await callOk(app, admin(), 'GET', `/api/v1/exports/${exported.id}`)).status;
    }
    assert.equal(status, 'completed');
    assert.match((await inject('GET', `/api/v1/exports/${exported.id}/download`)).body, /Д-001/);
  });

  test('deleting a field strips only its own object’s values; an object is deleted once empty', async () => {
    const fields = await callOk(app, admin(), 'GET', '/api/v1/custom-fields?object_type=x_contract');
    const amount = fields.data.find((f: { key: string }) => f.key === 'amount');
    assert.equal((await inject('DELETE', `/api/v1/custom-fields/${amount.id}`)).statusCode, 204);
    await settle(app);
    const properties = await callOk(app, admin(), 'GET', '/api/v1/objects/property');
    assert.equal(properties.data[0].custom.amount, '1000000', 'a property keeps its own "amount"');

    const refused = await inject('DELETE', `/api/v1/custom-objects/${ids.contract}`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'CUSTOM_OBJECT_HAS_RECORDS');
    for (const id of [ids.a, ids.b]) assert.equal((await inject('DELETE', `/api/v1/objects/contract/${id}`)).statusCode, 204);
    assert.equal((await inject('DELETE', `/api/v1/custom-objects/${ids.contract}`)).statusCode, 204);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/custom-fields?object_type=x_contract')).data.length, 0);
    assert.equal((await inject('GET', '/api/v1/objects/contract')).statusCode, 404);
  });
});
