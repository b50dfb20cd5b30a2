import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('tag suggestions', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const suggest = async (query: string, headers = ws.actors.admin.headers) =>
    (await callOk(app, headers, 'GET', `/api/v1/people/tags?${query}`)).data as { tag: string; people: number }[];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'tags');
    const { admin, operator } = ws.actors;
    const people: [string[], string][] = [
      [['VIP', 'опт'], admin.userId], [['vip-партнёр', 'опт'], admin.userId], [['опт', 'регион'], admin.userId],
      [['Оптовик'], operator.userId], [[], admin.userId],
    ];
    for (const [tags, owner] of people) await callOk(app, admin.headers, 'POST', '/api/v1/people', { first_name: 'Тег', tags, owner_id: owner });
    // Another workspace's tags are never suggested.
    const other = await createTestWorkspace(app, 'tags-other');
    await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/people', { first_name: 'Чужой', tags: ['оптимизация', 'vip-чужой'] });
  });
  after(() => app.close());

  test('suggests the workspace’s tags by prefix in any case, the most used first', async () => {
    assert.deepEqual(await suggest('prefix=ОП'), [{ tag: 'опт', people: 3 }, { tag: 'Оптовик', people: 1 }]);
    assert.deepEqual((await suggest('prefix=vip')).map((s) => s.tag), ['VIP', 'vip-партнёр']);
    assert.deepEqual((await suggest('limit=2')).map((s) => s.tag), ['опт', 'VIP'], 'no prefix: the most used');
    assert.deepEqual(await suggest('prefix=нет-такого'), []);
  });

  test('counts only people the reader may read, and nothing when tags are hidden', async () => {
    const { admin, operator, readOnly } = ws.actors;
    assert.deepEqual(await suggest('prefix=оп', operator.headers), [{ tag: 'Оптовик', people: 1 }], 'the operator reads only their own people');
    await callOk(app, admin.headers, 'POST', '/api/v1/roles', {
      key: 'no-tags', name: 'No tags', permissions: { person: { actions: ['read'], scope: 'all' } }, field_rules: { person: { tags: 'hidden' } },
    });
    await callOk(app, admin.headers, 'PATCH', `/api/v1/members/${readOnly.userId}`, { role: 'no-tags' });
    assert.deepEqual(await suggest('prefix=оп', readOnly.headers), []);
    await callOk(app, admin.headers, 'POST', '/api/v1/roles', { key: 'no-people', name: 'No people', permissions: { deal: { actions: ['read'], scope: 'all' } } });
    await callOk(app, admin.headers, 'PATCH', `/api/v1/members/${readOnly.userId}`, { role: 'no-people' });
    const refused = await app.http.inject({ method: 'GET', url: '/api/v1/people/tags?prefix=оп', headers: readOnly.headers });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'FORBIDDEN');
  });

  test('a bad limit or an unknown parameter answers problem+json', async () => {
    for (const [query, code, field] of [['limit=500', 'VALIDATION_FAILED', 'limit'], ['q=оп', 'UNKNOWN_FIELD', 'q'], [`prefix=${'x'.repeat(51)}`, 'VALIDATION_FAILED', 'prefix']]) {
      const res = await app.http.inject({ method: 'GET', url: `/api/v1/people/tags?${query}`, headers: ws.actors.admin.headers });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(res.json().code, code);
      assert.equal(res.json().field, field);
    }
  });
});
