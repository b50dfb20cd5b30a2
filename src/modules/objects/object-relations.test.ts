import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('relation fields pointing at a custom object', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};
  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const filterOn = (filter: object) => encodeURIComponent(JSON.stringify(filter));
  const defineObject = (headers: Record<string, string>, key: string, ru: string, en: string) =>
    callOk(app, headers, 'POST', '/api/v1/custom-objects', { key, label: { ru, en }, label_plural: { ru, en } });
  const dealCount = async () => (await callOk(app, admin(), 'GET', '/api/v1/deals?limit=100')).data.length as number;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'relations');
    other = await createTestWorkspace(app, 'relations-other');
    ids.contractObject = (await defineObject(admin(), 'contract', 'Договор', 'Contract')).id;
    await defineObject(admin(), 'property', 'Объект', 'Property');
    await defineObject(other.actors.admin.headers, 'contract', 'Договор', 'Contract');
    ids.contract = (await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-2026/001' })).id;
    ids.otherContract = (await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-2026/002' })).id;
    ids.property = (await callOk(app, admin(), 'POST', '/api/v1/objects/property', { name: 'Склад на Лиговском' })).id;
    ids.foreignContract = (await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/objects/contract', { name: 'Д-2026/001' })).id;
  });
  after(() => app.close());

  test('an administrator adds a relation from deals to a custom object; the record types describe it', async () => {
    const field = await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'deal', key: 'contract', label: 'Договор', kind: 'relation', references: 'x_contract' });
    assert.equal(field.references, 'x_contract');
    const types = await callOk(app, admin(), 'GET', '/api/v1/object-types');
    const deal = types.data.find((t: { type: string }) => t.type === 'deal');
    const described = deal.fields.find((f: { name: string }) => f.name === 'custom.contract');
    assert.deepEqual([described.kind, described.references], ['reference', 'x_contract']);
    const contract = types.data.find((t: { type: string }) => t.type === 'x_contract');
    assert.deepEqual([contract.api_path, contract.title_field], ['/objects/contract', 'name'], 'what a list needs to show the contract’s name');

    const unknown = await inject('POST', '/api/v1/custom-fields', { object_type: 'deal', key: 'lease', label: 'Аренда', kind: 'relation', references: 'x_lease' });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual([unknown.json().code, unknown.json().field], ['VALIDATION_FAILED', 'references']);
    const elsewhere = await inject('POST', '/api/v1/custom-fields', {
      object_type: 'deal', key: 'property', label: 'Объект', kind: 'relation', references: 'x_property',
    }, other.actors.admin.headers);
    assert.deepEqual([elsewhere.statusCode, elsewhere.json().field], [400, 'references'], 'another workspace’s object is no target');
  });

  test('a relation takes only a record of that object in the same workspace; a bad one changes nothing', async () => {
    const deal = await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'Аренда склада', amount: '100000', custom: { contract: ids.contract } });
    ids.deal = deal.id;
    assert.equal(deal.custom.contract, ids.contract);
    const before = await dealCount();
    for (const wrong of [ids.property, ids.foreignContract, '01900000-0000-7000-8000-000000000000']) {
      const refused = await inject('POST', '/api/v1/deals', { title: 'Не та ссылка', custom: { contract: wrong } });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual([refused.json().code, refused.json().field], ['REFERENCE_NOT_FOUND', 'custom.contract']);
    }
    const notAnId = await inject('POST', '/api/v1/deals', { title: 'Не id', custom: { contract: 'Д-2026/001' } });
    assert.deepEqual([notAnId.statusCode, notAnId.json().field], [400, 'custom.contract']);
    assert.equal(await dealCount(), before, 'no deal was created');

    const patched = await inject('PATCH', `/api/v1/deals/${ids.deal}`, { custom: { contract: ids.property } });
    assert.deepEqual([patched.statusCode, patched.json().code], [400, 'REFERENCE_NOT_FOUND']);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/deals/${ids.deal}`)).custom.contract, ids.contract, 'the deal keeps its contract');
    const moved = await callOk(app, admin(), 'PATCH', `/api/v1/deals/${ids.deal}`, { custom: { contract: ids.otherContract } });
    assert.equal(moved.custom.contract, ids.otherContract);
    const history = await callOk(app, admin(), 'GET', `/api/v1/deals/${ids.deal}/audit`);
    assert.deepEqual(history.data[0].changes['custom.contract'], { before: ids.contract, after: ids.otherContract });
  });

  test('a custom object’s own relation may point at another custom object, checked the same way', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'x_property', key: 'lease', label: 'Договор аренды', kind: 'relation', references: 'x_contract' });
    const linked = await callOk(app, admin(), 'PATCH', `/api/v1/objects/property/${ids.property}`, { custom: { lease: ids.contract } });
    assert.equal(linked.custom.lease, ids.contract);
    const refused = await inject('POST', '/api/v1/objects/property', { name: 'Офис', custom: { lease: ids.property } });
    assert.deepEqual([refused.statusCode, refused.json().code, refused.json().field], [400, 'REFERENCE_NOT_FOUND', 'custom.lease']);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/objects/property')).data.length, 1);
  });

  test('lists filter by the related record', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'По первому договору', custom: { contract: ids.contract } });
    await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'Без договора' });
    const titles = async (filter: object) =>
      (await callOk(app, admin(), 'GET', `/api/v1/deals?filter=${filterOn(filter)}`)).data.map((d: { title: string }) => d.title).sort();
    assert.deepEqual(await titles({ field: 'custom.contract', op: 'eq', value: ids.contract }), ['По первому договору']);
    assert.deepEqual(await titles({ field: 'custom.contract', op: 'in', value: [ids.contract, ids.otherContract] }), ['Аренда склада', 'По первому договору']);
    assert.deepEqual(await titles({ field: 'custom.contract', op: 'is_empty' }), ['Без договора']);
    const bad = await inject('GET', `/api/v1/deals?filter=${filterOn({ field: 'custom.contract', op: 'eq', value: 'Д-2026/001' })}`);
    assert.equal(bad.statusCode, 400);
  });

  test('an object that relation fields of other types point at is not deleted until those fields are', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'x_contract', key: 'parent', label: 'Основной договор', kind: 'relation', references: 'x_contract' });
    for (const id of [ids.contract, ids.otherContract]) assert.equal((await inject('DELETE', `/api/v1/objects/contract/${id}`)).statusCode, 204);

    const refused = await inject('DELETE', `/api/v1/custom-objects/${ids.contractObject}`);
    assert.equal(refused.statusCode, 409);
    const problem = refused.json();
    assert.equal(problem.code, 'CUSTOM_OBJECT_REFERENCED');
    assert.equal(problem.field, 'deal.custom.contract');
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), ['deal.custom.contract', 'x_property.custom.lease'], 'its own relation to itself is not in the way');
    assert.equal((await inject('GET', '/api/v1/objects/contract')).statusCode, 200, 'the object is still there');
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/custom-fields?object_type=x_contract')).data.length, 1);

    const fields = await callOk(app, admin(), 'GET', '/api/v1/custom-fields');
    for (const f of fields.data.filter((f: { references: string | null; object_type: string }) => f.references === 'x_contract' && f.object_type !== 'x_contract')) {
      assert.equal((await inject('DELETE', `/api/v1/custom-fields/${f.id}`)).statusCode, 204);
    }
    assert.equal((await inject('DELETE', `/api/v1/custom-objects/${ids.contractObject}`)).statusCode, 204);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/custom-fields?object_type=x_contract')).data.length, 0, 'its own fields went with it');
    const otherObjects = await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/custom-objects');
    assert.deepEqual(otherObjects.data.map((o: { key: string }) => o.key), ['contract'], 'another workspace’s object of the same key stays');
  });
});
