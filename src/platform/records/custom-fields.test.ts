import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

describe('custom fields', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let companyId: string;

  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'custom');
    companyId = (await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО Ромашка' })).id;
    const define = (body: object) => callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'person', ...body });
    await define({ key: 'tier', label: 'Уровень', kind: 'select', options: [{ value: 'gold', label: 'Золото' }, { value: 'silver', label: 'Серебро' }] });
    await define({ key: 'interests', label: 'Интересы', kind: 'multi_select', options: [{ value: 'ski', label: 'Лыжи' }, { value: 'yoga', label: 'Йога' }] });
    await define({ key: 'budget', label: 'Бюджет', kind: 'money' });
    await define({ key: 'visits', label: 'Визиты', kind: 'number' });
    await define({ key: 'work_phone', label: 'Рабочий телефон', kind: 'phone' });
    await define({ key: 'site', label: 'Сайт', kind: 'url' });
    await define({ key: 'employer', label: 'Работодатель', kind: 'relation', references: 'company' });
    await define({ key: 'next_call', label: 'Следующий звонок', kind: 'date' });
  });
  after(() => app.close());

  test('values are validated, normalised, stored and returned under custom', async () => {
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', {
      first_name: 'Ольга',
      custom: { tier: 'gold', interests: ['ski', 'yoga', 'ski'], budget: 150000.5, visits: 3, work_phone: '8 (912) 345-67-89', site: 'https://olga.example', employer: companyId },
    });
    assert.deepEqual(person.custom, {
      tier: 'gold', interests: ['ski', 'yoga'], budget: '150000.5', visits: 3, work_phone: '+79123456789', site: 'https://olga.example', employer: companyId,
    });
    const fetched = await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}`);
    assert.deepEqual(fetched.custom, person.custom);
  });

  test('bad custom input names the field and changes nothing', async () => {
    const before = (await callOk(app, admin(), 'GET', '/api/v1/people?limit=200')).data.length;
    const cases: [object, number, string, string][] = [
      [{ tier: 'platinum' }, 400, 'VALIDATION_FAILED', 'custom.tier'],
      [{ visits: 'many' }, 400, 'VALIDATION_FAILED', 'custom.visits'],
      [{ site: 'javascript:alert(1)' }, 400, 'VALIDATION_FAILED', 'custom.site'],
      [{ work_phone: '12' }, 400, 'VALIDATION_FAILED', 'custom.work_phone'],
      [{ employer: '01890000-0000-7000-8000-000000000000' }, 400, 'REFERENCE_NOT_FOUND', 'custom.employer'],
      [{ shoe_size: 42 }, 400, 'UNKNOWN_FIELD', 'custom.shoe_size'],
    ];
    for (const [custom, status, code, field] of cases) {
      const res = await inject('POST', '/api/v1/people', { first_name: 'Плохой', custom });
      assert.equal(res.statusCode, status, JSON.stringify(custom));
      assert.equal(res.json().code, code);
      assert.equal(res.json().field, field);
    }
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/people?limit=200')).data.length, before);
  });

  test('an update merges custom values, null clears one, and the audit names custom fields', async () => {
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Пётр', custom: { tier: 'silver', visits: 1 } });
    const updated = await callOk(app, admin(), 'PATCH', `/api/v1/people/${person.id}`, { custom: { visits: 2, tier: null } });
    assert.deepEqual(updated.custom, { visits: 2 });
    const history = await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}/audit`);
    assert.deepEqual(history.data[0].changes['custom.visits'], { before: 1, after: 2 });
    assert.deepEqual(history.data[0].changes['custom.tier'], { before: 'silver', after: null });
  });

  test('field rules hide and protect custom fields like standard ones', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/roles', {
      key: 'no-budget', name: 'Без бюджета', permissions: { '*': { actions: ['read', 'create', 'update'], scope: 'all' } },
      field_rules: { person: { 'custom.budget': 'hidden', 'custom.tier': 'readonly' } },
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.operator.userId}`, { role: 'no-budget' });
    const operator = ws.actors.operator.headers;
    const rich = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Богдан', custom: { budget: 1000000, tier: 'gold' } });
    const seen = await callOk(app, operator, 'GET', `/api/v1/people/${rich.id}`);
    assert.deepEqual(seen.custom, { tier: 'gold' });
    const write = await inject('PATCH', `/api/v1/people/${rich.id}`, { custom: { tier: 'silver' } }, operator);
    assert.equal(write.statusCode, 403);
    assert.equal(write.json().field, 'custom.tier');
    const filterOnHidden = await inject('GET', `/api/v1/people?filter=${encodeURIComponent(JSON.stringify({ field: 'custom.budget', op: 'gt', value: 1 }))}`, undefined, operator);
    assert.equal(filterOnHidden.statusCode, 400, 'a hidden field cannot be probed through filters');
    const types = await callOk(app, operator, 'GET', '/api/v1/object-types');
    const person = types.data.find((t: { type: string }) => t.type === 'person');
    assert.ok(person.fields.some((f: { name: string; is_custom: boolean }) => f.name === 'custom.tier' && f.is_custom));
  });

  test('definitions are validated: key format, duplicates, options and relations', async () => {
    const post = (body: object) => inject('POST', '/api/v1/custom-fields', { object_type: 'person', label: 'X', ...body });
    assert.equal((await post({ key: 'Bad Key', kind: 'text' })).json().field, 'key');
    assert.equal((await post({ key: 'tier', kind: 'text' })).statusCode, 409);
    assert.equal((await post({ key: 'colour', kind: 'select' })).json().field, 'options');
    assert.equal((await post({ key: 'colour', kind: 'text', options: [{ value: 'a', label: 'A' }] })).json().field, 'options');
    assert.equal((await post({ key: 'boss', kind: 'relation', references: 'spaceship' })).json().field, 'references');
    assert.equal((await inject('POST', '/api/v1/custom-fields', { object_type: 'spaceship', key: 'x', label: 'X', kind: 'text' })).json().code, 'UNKNOWN_OBJECT_TYPE');
    const byManager = await inject('POST', '/api/v1/custom-fields', { object_type: 'person', key: 'colour', label: 'Цвет', kind: 'text' }, ws.actors.manager.headers);
    assert.equal(byManager.statusCode, 403, 'only those who may configure the workspace define fields');
  });

  test('a required field is enforced on create and cannot be cleared', async () => {
    const field = await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'deal', key: 'contract_no', label: 'Договор №', kind: 'text', is_required: true });
    const missing = await inject('POST', '/api/v1/deals', { title: 'Без договора' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, 'custom.contract_no');
    const deal = await callOk(app, admin(), 'POST', '/api/v1/deals', { title: 'С договором', custom: { contract_no: 'Д-17' } });
    const cleared = await inject('PATCH', `/api/v1/deals/${deal.id}`, { custom: { contract_no: null } });
    assert.equal(cleared.json().field, 'custom.contract_no');
    await callOk(app, admin(), 'PATCH', `/api/v1/custom-fields/${field.id}`, { is_required: false });
  });

  test('deleting a field hides its values at once and strips them in the background', async () => {
    const field = await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'company', key: 'rating', label: 'Рейтинг', kind: 'number' });
    const company = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'Рейтинговая', custom: { rating: 5 } });
    assert.equal((await inject('DELETE', `/api/v1/custom-fields/${field.id}`)).statusCode, 204);
    assert.deepEqual((await callOk(app, admin(), 'GET', `/api/v1/companies/${company.id}`)).custom, {});
    await settle(app);
    const row = await app.conn.db.selectFrom('company' as never).select('custom' as never).where('id' as never, '=', company.id as never).executeTakeFirstOrThrow();
    assert.deepEqual((row as { custom: object }).custom, {});
  });

  test('exports carry custom fields as columns, minus hidden ones', async () => {
    const csv = (await inject('GET', '/api/v1/people/export')).body;
    const header = csv.split('\n')[0]!.split(',');
    assert.ok(header.includes('custom.tier') && header.includes('custom.budget'));
    assert.ok(csv.includes('+79123456789'));
  });

  test('saved views survive a removed option or a deleted field: what named them is dropped', async () => {
    const field = await callOk(app, admin(), 'POST', '/api/v1/custom-fields', {
      object_type: 'person', key: 'segment', label: 'Сегмент', kind: 'select', options: [{ value: 'b2b', label: 'B2B' }, { value: 'b2c', label: 'B2C' }],
    });
    const view = await callOk(app, admin(), 'POST', '/api/v1/views', {
      object_type: 'person', name: 'Сегменты',
      filter: { and: [{ field: 'custom.segment', op: 'in', value: ['b2b', 'b2c'] }, { field: 'first_name', op: 'is_not_empty' }] },
      columns: ['first_name', 'custom.segment'], sort: '-custom.segment', group_by: 'custom.segment', layout: 'kanban',
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/custom-fields/${field.id}`, { options: [{ value: 'b2b', label: 'B2B' }] });
    let after = await callOk(app, admin(), 'GET', `/api/v1/views/${view.id}`);
    assert.deepEqual(after.filter, { and: [{ field: 'custom.segment', op: 'in', value: ['b2b'] }, { field: 'first_name', op: 'is_not_empty' }] });
    assert.equal((await inject('GET', `/api/v1/people?view=${view.id}`)).statusCode, 200);

    assert.equal((await inject('DELETE', `/api/v1/custom-fields/${field.id}`)).statusCode, 204);
    after = await callOk(app, admin(), 'GET', `/api/v1/views/${view.id}`);
    assert.deepEqual(after.filter, { and: [{ field: 'first_name', op: 'is_not_empty' }] });
    assert.deepEqual([after.columns, after.sort, after.group_by, after.layout], [['first_name'], null, null, 'table']);
    assert.equal((await inject('GET', `/api/v1/people?view=${view.id}`)).statusCode, 200);
    assert.equal((await inject('GET', `/api/v1/people/export?view=${view.id}`)).statusCode, 200);
  });
});
