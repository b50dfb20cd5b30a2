import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { createApiKey, createWorkspace } from '../auth/workspace.service.ts';
import { systemPrincipal } from '../auth/permissions.ts';

describe('values are validated and stored in one form', () => {
  let app: TestApp;
  let headers: Record<string, string>;

  before(async () => {
    app = await createTestApp();
    headers = (await createTestWorkspace(app, 'norm')).adminKeyHeaders;
  });
  after(() => app.close());

  const post = (url: string, payload: object, h = headers) => app.http.inject({ method: 'POST', url, headers: h, payload });

  test('phones are stored in E.164, read in the workspace region', async () => {
    const res = await post('/api/v1/people', { first_name: 'Пётр', phone: '8 (916) 123-45-67' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().phone, '+79161234567');
    const berlin = await createWorkspace(app.conn.db, { slug: 'berlin', name: 'Berlin', locale: 'en', defaultRegion: 'DE' });
    const key = await createApiKey({ db: app.conn.db, principal: systemPrincipal(berlin.id) }, { name: 'k', role: 'admin' });
    const german = await post('/api/v1/people', { first_name: 'Jonas', phone: '030 1234567' }, { authorization: `Bearer ${key.key}` });
    assert.equal(german.json().phone, '+49301234567');
  });

  test('a phone that is not a number is refused with its field, and nothing changes', async () => {
    const person = (await post('/api/v1/people', { first_name: 'Анна', phone: '+7 916 765-43-21' })).json();
    const res = await app.http.inject({ method: 'PATCH', url: `/api/v1/people/${person.id}`, headers, payload: { phone: '12-34' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'phone');
    const again = (await app.http.inject({ method: 'GET', url: `/api/v1/people/${person.id}`, headers })).json();
    assert.equal(again.phone, '+79167654321');
  });

  test('search finds a phone typed in any format', async () => {
    for (const q of ['8 916 123-45-67', '+7 (916) 1234567', '123-45-67']) {
      const res = await app.http.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers });
      assert.ok(res.json().data.some((hit: { title: string }) => hit.title === 'Пётр'), q);
    }
  });

  test('INN, KPP and OGRN are checked, naming the field', async () => {
    const bad = await post('/api/v1/companies', { name: 'ООО «Ошибка»', inn: '7707083894' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'inn');
    const badOgrn = await post('/api/v1/companies', { name: 'ООО «Ошибка»', ogrn: '1027700132196' });
    assert.equal(badOgrn.json().field, 'ogrn');
    const good = await post('/api/v1/companies', { name: 'ПАО Сбербанк', inn: '7707083893', kpp: '773601001', ogrn: '1027700132195' });
    assert.equal(good.statusCode, 201, good.body);
    const byInn = await app.http.inject({ method: 'GET', url: '/api/v1/search?q=7707083893', headers });
    assert.equal(byInn.json().data[0].id, good.json().id);
  });
});
