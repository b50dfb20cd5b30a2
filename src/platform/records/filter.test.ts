import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import type { Filter } from './filter.ts';

type Person = { id: string; first_name: string; city: string | null; custom: Record<string, unknown> };

describe('list filters, sorts, group-by and saved views', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  const admin = () => ws.actors.admin.headers;
  const list = async (query: { filter?: Filter; sort?: string; limit?: number; cursor?: string; view?: string }, headers = admin()) => {
    const params = new URLSearchParams();
    if (query.filter) params.set('filter', JSON.stringify(query.filter));
    if (query.sort) params.set('sort', query.sort);
    if (query.view) params.set('view', query.view);
    if (query.cursor) params.set('cursor', query.cursor);
    params.set('limit', String(query.limit ?? 200));
    return app.http.inject({ method: 'GET', url: `/api/v1/people?${params}`, headers });
  };
  const names = async (query: Parameters<typeof list>[0]) => {
    const res = await list(query);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().data as Person[]).map((p) => p.first_name).sort();
  };

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'filters');
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', {
      object_type: 'person', key: 'tier', label: 'Уровень', kind: 'select', options: [{ value: 'gold', label: 'Золото' }, { value: 'silver', label: 'Серебро' }],
    });
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'person', key: 'visits', label: 'Визиты', kind: 'number' });
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', {
      object_type: 'person', key: 'tags', label: 'Теги', kind: 'multi_select', options: [{ value: 'vip', label: 'VIP' }, { value: 'b2b', label: 'B2B' }],
    });
    const people = [
      { first_name: 'Анна', city: 'Москва', birthday: '1990-05-01', custom: { tier: 'gold', visits: 12, tags: ['vip'] } },
      { first_name: 'Борис', city: 'Москва', birthday: '1985-02-10', custom: { tier: 'silver', visits: 3, tags: ['b2b'] } },
      { first_name: 'Вера', city: 'Казань', birthday: '2000-12-31', custom: { tier: 'gold', visits: 7, tags: ['vip', 'b2b'] } },
      { first_name: 'Глеб', city: 'Казань', phone: '+7 912 000-11-22', custom: { visits: 1 } },
      { first_name: 'Дина', city: null, custom: {} },
    ];
    for (const p of people) await callOk(app, admin(), 'POST', '/api/v1/people', p);
  });
  after(() => app.close());

  test('AND and OR groups over standard and custom fields', async () => {
    assert.deepEqual(await names({ filter: { and: [{ field: 'city', op: 'eq', value: 'Москва' }, { field: 'custom.tier', op: 'eq', value: 'gold' }] } }), ['Анна']);
    assert.deepEqual(await names({ filter: { or: [{ field: 'city', op: 'eq', value: 'Казань' }, { field: 'custom.tier', op: 'eq', value: 'silver' }] } }), ['Борис', 'Вера', 'Глеб']);
    assert.deepEqual(await names({ filter: { not: { field: 'custom.tier', op: 'in', value: ['gold', 'silver'] } } }), ['Глеб', 'Дина']);
  });

  test('comparisons, ranges, text matching and emptiness', async () => {
    assert.deepEqual(await names({ filter: { field: 'custom.visits', op: 'gte', value: 7 } }), ['Анна', 'Вера']);
    assert.deepEqual(await names({ filter: { field: 'custom.visits', op: 'between', value: [2, 8] } }), ['Борис', 'Вера']);
    assert.deepEqual(await names({ filter: { field: 'birthday', op: 'lt', value: '1991-01-01' } }), ['Анна', 'Борис']);
    assert.deepEqual(await names({ filter: { field: 'first_name', op: 'starts_with', value: 'д' } }), ['Дина']);
    assert.deepEqual(await names({ filter: { field: 'city', op: 'is_empty' } }), ['Дина']);
    assert.deepEqual(await names({ filter: { field: 'city', op: 'neq', value: 'Москва' } }), ['Вера', 'Глеб', 'Дина'], 'neq keeps records with no value');
    assert.deepEqual(await names({ filter: { field: 'custom.tier', op: 'is_empty' } }), ['Глеб', 'Дина']);
    assert.deepEqual(await names({ filter: { field: 'created_at', op: 'in_last_days', value: 1 } }), ['Анна', 'Борис', 'Вера', 'Глеб', 'Дина']);
  });

  test('multi-select conditions and phone numbers in any format', async () => {
    assert.deepEqual(await names({ filter: { field: 'custom.tags', op: 'contains', value: 'vip' } }), ['Анна', 'Вера']);
    assert.deepEqual(await names({ filter: { field: 'custom.tags', op: 'in', value: ['b2b'] } }), ['Борис', 'Вера']);
    assert.deepEqual(await names({ filter: { field: 'phone', op: 'eq', value: '8 (912) 000 11 22' } }), ['Глеб']);
  });

  test('owner "me" means the caller', async () => {
    assert.equal((await names({ filter: { field: 'owner_id', op: 'eq', value: 'me' } })).length, 5);
    const res = await list({ filter: { field: 'owner_id', op: 'eq', value: 'me' } }, ws.actors.manager.headers);
    assert.equal(res.json().data.length, 0);
  });

  test('bad filters are refused with the offending field', async () => {
    const cases: [Filter | string, string][] = [
      [{ field: 'shoe_size', op: 'eq', value: 1 }, 'filter.shoe_size'],
      [{ field: 'custom.tier', op: 'eq', value: 'platinum' }, 'filter.custom.tier'],
      [{ field: 'custom.tier', op: 'gt', value: 'gold' }, 'filter.custom.tier'],
      [{ field: 'custom.visits', op: 'in', value: [] }, 'filter.custom.visits'],
      [{ field: 'birthday', op: 'between', value: ['2000-01-01'] }, 'filter.birthday'],
      ['{"and": []}', 'filter'],
      ['not json', 'filter'],
    ];
    for (const [filter, field] of cases) {
      const url = `/api/v1/people?filter=${encodeURIComponent(typeof filter === 'string' ? filter : JSON.stringify(filter))}`;
      const res = await app.http.inject({ method: 'GET', url, headers: admin() });
      assert.equal(res.statusCode, 400, JSON.stringify(filter));
      assert.equal(res.json().field, field, JSON.stringify(filter));
    }
  });

  test('sorts page through every record once, empty values last', async () => {
    for (const sort of ['custom.visits', '-custom.visits', 'city', '-birthday', 'first_name']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list({ sort, limit: 2, cursor });
        assert.equal(res.statusCode, 200, res.body);
        seen.push(...(res.json().data as Person[]).map((p) => p.first_name));
        cursor = res.json().next_cursor ?? undefined;
      } while (cursor);
      assert.equal(seen.length, 5, sort);
      assert.equal(new Set(seen).size, 5, sort);
      if (sort === 'custom.visits') assert.deepEqual(seen, ['Глеб', 'Борис', 'Вера', 'Анна', 'Дина']);
      if (sort === '-custom.visits') assert.deepEqual(seen, ['Анна', 'Вера', 'Борис', 'Глеб', 'Дина']);
    }
    const first = await list({ sort: 'city', limit: 2 });
    const wrong = await list({ sort: 'first_name', cursor: first.json().next_cursor });
    assert.equal(wrong.json().code, 'INVALID_CURSOR', 'a cursor only continues the sort it came from');
  });

  test('group-by counts per value under the same filter', async () => {
    const res = await callOk(app, admin(), 'GET', `/api/v1/people/groups?field=city&filter=${encodeURIComponent(JSON.stringify({ field: 'custom.visits', op: 'gt', value: 0 }))}`);
    const counts = Object.fromEntries((res.data as { value: string; count: number }[]).map((g) => [g.value, g.count]));
    assert.deepEqual(counts, { Москва: 2, Казань: 2 });
    const tiers = await callOk(app, admin(), 'GET', '/api/v1/people/groups?field=custom.tier');
    assert.deepEqual(Object.fromEntries((tiers.data as { value: string | null; count: number }[]).map((g) => [String(g.value), g.count])), { gold: 2, silver: 1, null: 2 });
  });

  test('saved views: private or shared, applied to lists and exports', async () => {
    const view = await callOk(app, ws.actors.operator.headers, 'POST', '/api/v1/views', {
      object_type: 'person', name: 'Золотые', filter: { field: 'custom.tier', op: 'eq', value: 'gold' }, sort: '-custom.visits', columns: ['first_name', 'custom.visits'],
    });
    assert.equal(view.is_shared, false);
    const viaView = await app.http.inject({ method: 'GET', url: `/api/v1/people?view=${view.id}`, headers: ws.actors.operator.headers });
    assert.equal(viaView.statusCode, 200, viaView.body);
    const others = await callOk(app, admin(), 'GET', '/api/v1/views?object_type=person');
    assert.equal(others.data.length, 0, 'a private view is its author’s alone');
    const sharing = await app.http.inject({ method: 'PATCH', url: `/api/v1/views/${view.id}`, headers: ws.actors.operator.headers, payload: { is_shared: true } });
    assert.equal(sharing.statusCode, 403, 'operators may not share views');

    const shared = await callOk(app, ws.actors.manager.headers, 'POST', '/api/v1/views', {
      object_type: 'person', name: 'Москва по визитам', is_shared: true, filter: { field: 'city', op: 'eq', value: 'Москва' }, sort: '-custom.visits',
    });
    assert.deepEqual((await callOk(app, admin(), 'GET', '/api/v1/views?object_type=person')).data.map((v: { name: string }) => v.name), ['Москва по визитам']);
    const page = await callOk(app, admin(), 'GET', `/api/v1/people?view=${shared.id}&filter=${encodeURIComponent(JSON.stringify({ field: 'custom.tier', op: 'eq', value: 'gold' }))}`);
    assert.deepEqual(page.data.map((p: Person) => p.first_name), ['Анна'], 'a request filter narrows the view');
    const sorted = await callOk(app, admin(), 'GET', `/api/v1/people?view=${shared.id}`);
    assert.deepEqual(sorted.data.map((p: Person) => p.first_name), ['Анна', 'Борис']);
    const csv = (await app.http.inject({ method: 'GET', url: `/api/v1/people/export?view=${shared.id}`, headers: admin() })).body;
    assert.equal(csv.trim().split('\n').length, 3, 'header plus the two records of the view');

    const kanban = await app.http.inject({ method: 'POST', url: '/api/v1/views', headers: admin(), payload: { object_type: 'person', name: 'Доска', layout: 'kanban' } });
    assert.equal(kanban.json().field, 'group_by');
    const badColumn = await app.http.inject({ method: 'POST', url: '/api/v1/views', headers: admin(), payload: { object_type: 'person', name: 'X', columns: ['first_name', 'nope'] } });
    assert.equal(badColumn.json().field, 'columns.1');
    const wrongType = await app.http.inject({ method: 'GET', url: `/api/v1/companies?view=${shared.id}`, headers: admin() });
    assert.equal(wrongType.json().field, 'view');
  });
});
