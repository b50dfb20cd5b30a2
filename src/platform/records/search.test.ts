import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, loginAs, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

type Hit = { type: string; title: string };

describe('global search', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  const search = async (q: string, headers = ws.actors.admin.headers) =>
    (await app.http.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers })).json().data as Hit[];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'find');
    const post = (url: string, payload: object) => app.http.inject({ method: 'POST', url, headers: ws.adminKeyHeaders, payload });
    await post('/api/v1/people', { last_name: 'Смирнова', first_name: 'Анна', middle_name: 'Сергеевна', email: 'anna@find.test' });
    await post('/api/v1/people', { last_name: 'Смирнов', first_name: 'Олег' });
    await post('/api/v1/companies', { name: 'Уральские заводы', inn: '7707083893' });
    await post('/api/v1/deals', { title: 'Поставки оборудования' });
    await post('/api/v1/activities', { kind: 'meeting', subject: 'Quarterly meetings with suppliers' });
  });
  after(() => app.close());

  test('Russian word forms match through stemming', async () => {
    assert.ok((await search('завод')).some((h) => h.title === 'Уральские заводы'));
    assert.ok((await search('поставка оборудование')).some((h) => h.title === 'Поставки оборудования'));
  });

  test('English word forms match too', async () => {
    assert.ok((await search('meeting supplier')).some((h) => h.title === 'Quarterly meetings with suppliers'));
  });

  test('a typo still finds the name, and the closer match ranks first', async () => {
    const hits = await search('Смирнва Анна');
    assert.equal(hits[0]?.title, 'Смирнова Анна Сергеевна');
  });

  test('a letter left out or mistyped inside a surname still finds it', async () => {
    for (const typo of ['Смирова', 'Смирнава', 'Сминова']) {
      assert.ok((await search(typo)).some((h) => h.title === 'Смирнова Анна Сергеевна'), typo);
    }
  });

  test('prefixes match while typing', async () => {
    assert.ok((await search('Смир')).length >= 2);
  });

  test('email and INN are found exactly', async () => {
    assert.equal((await search('anna@find.test'))[0]?.title, 'Смирнова Анна Сергеевна');
    assert.equal((await search('7707083893'))[0]?.title, 'Уральские заводы');
  });

  test('search respects record scope and field rules', async () => {
    assert.deepEqual(await search('Смирнова', ws.actors.operator.headers), [], 'operators see only their own records');
    await app.http.inject({
      method: 'POST', url: '/api/v1/roles', headers: ws.actors.admin.headers,
      payload: { key: 'no-names', name: 'No surnames', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { person: { last_name: 'hidden', full_name: 'hidden' } } },
    });
    await app.http.inject({ method: 'POST', url: '/api/v1/members', headers: ws.actors.admin.headers, payload: { email: 'nn@find.test', name: 'NN', password: TEST_PASSWORD, role: 'no-names' } });
    const headers = await loginAs(app, 'nn@find.test');
    assert.ok(!(await search('Смирнова', headers)).some((h) => h.type === 'person'), 'a hidden surname is not searchable');
  });
});
