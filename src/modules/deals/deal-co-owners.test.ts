import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

describe('deal co-owners', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  let dealId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers = ws.actors.admin.headers) =>
    callOk(app, headers, method, url, payload);
  const asOperator = (method: 'GET' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: ws.actors.operator.headers, ...(payload ? { payload } : {}) });
  const filterParam = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

  /** Where the operator meets the deal: every path that applies record scope. */
  async function operatorSightings() {
    const ids = (body: { data: { id: string }[] }) => body.data.map((d) => d.id);
    const board = (await asOperator('GET', '/api/v1/deals/board')).json() as { stages: { deals: { id: string }[] }[] };
    const groups = (await asOperator('GET', '/api/v1/deals/groups?field=stage')).json() as { data: { count: number }[] };
    const myDay = (await asOperator('GET', '/api/v1/my-day')).json() as { rotting_deals: { id: string }[] };
    const timeline = await asOperator('GET', `/api/v1/timeline?subject_type=deal&subject_id=${dealId}`);
    return {
      list: ids((await asOperator('GET', '/api/v1/deals')).json()).includes(dealId),
      get: (await asOperator('GET', `/api/v1/deals/${dealId}`)).statusCode === 200,
      lines: (await asOperator('GET', `/api/v1/deals/${dealId}/lines`)).statusCode === 200,
      search: ids((await asOperator('GET', `/api/v1/search?q=${encodeURIComponent('Внедрение')}`)).json()).includes(dealId),
      groups: groups.data.reduce((n, g) => n + g.count, 0) === 1,
      board: board.stages.some((s) => s.deals.some((d) => d.id === dealId)),
      export: (await asOperator('GET', '/api/v1/deals/export')).body.includes(dealId),
      myDay: myDay.rotting_deals.some((d) => d.id === dealId),
      timeline: timeline.statusCode === 200 && timeline.json().data.length > 0,
    };
  }
  const everywhere = (isSeen: boolean) => ({
    list: isSeen, get: isSeen, lines: isSeen, search: isSeen, groups: isSeen, board: isSeen, export: isSeen, myDay: isSeen, timeline: isSeen,
  });

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'co-owners');
    other = await createTestWorkspace(app, 'co-owners-other');
    // The built-in operator (own scope) may not export; this role may, in the same scope.
    await call('POST', '/api/v1/roles', { key: 'seller', name: 'Seller', permissions: { '*': { actions: ['read', 'create', 'update', 'export'], scope: 'own' } } });
    await call('PATCH', `/api/v1/members/${ws.actors.operator.userId}`, { role: 'seller' });
    dealId = (await call('POST', '/api/v1/deals', { title: 'Внедрение CRM', amount: '300000', stage: 'new' })).id;
    // Long in its stage, so it rots and shows in its owners' My day.
    await sql`update deal set stage_changed_at = now() - interval '30 days' where id = ${dealId}`.execute(app.conn.db);
  });
  after(() => app.close());

  test('a member with own scope works on a deal only while a co-owner of it', async () => {
    assert.deepEqual(await operatorSightings(), everywhere(false));
    assert.equal((await asOperator('PATCH', `/api/v1/deals/${dealId}`, { amount: '1' })).statusCode, 404);

    const shared = await call('PATCH', `/api/v1/deals/${dealId}`, { co_owner_ids: [ws.actors.operator.userId] });
    assert.deepEqual(shared.co_owner_ids, [ws.actors.operator.userId]);
    await settle(app);
    assert.deepEqual(await operatorSightings(), everywhere(true));
    const updated = await asOperator('PATCH', `/api/v1/deals/${dealId}`, { amount: '310000' });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().owner_id, ws.actors.admin.userId, 'the owner stays the owner');

    await call('PATCH', `/api/v1/deals/${dealId}`, { co_owner_ids: [] });
    await settle(app);
    assert.deepEqual(await operatorSightings(), everywhere(false));
    assert.equal((await asOperator('PATCH', `/api/v1/deals/${dealId}`, { amount: '1' })).statusCode, 404);
  });

  test('a manager with team scope sees deals co-owned by a team mate', async () => {
    await call('POST', '/api/v1/teams', { name: 'Продажи', member_ids: [ws.actors.manager.userId, ws.actors.operator.userId] });
    const managerSees = async () => (await app.http.inject({ method: 'GET', url: `/api/v1/deals/${dealId}`, headers: ws.actors.manager.headers })).statusCode;
    assert.equal(await managerSees(), 404);
    await call('PATCH', `/api/v1/deals/${dealId}`, { co_owner_ids: [ws.actors.operator.userId] });
    assert.equal(await managerSees(), 200);
    await call('PATCH', `/api/v1/deals/${dealId}`, { co_owner_ids: [] });
  });

  test('a co-owner who is not an active member of the workspace is refused by position, and nothing changes', async () => {
    const before = await call('GET', `/api/v1/deals/${dealId}`);
    const events = async () => (await sql<{ n: number }>`select count(*)::int as n from domain_event where entity_id = ${dealId}`.execute(app.conn.db)).rows[0]!.n;
    const eventsBefore = await events();
    const refused = async (coOwnerIds: string[], field: string) => {
      const res = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${dealId}`, headers: ws.actors.admin.headers, payload: { co_owner_ids: coOwnerIds, amount: '999' } });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json().code, 'OWNER_NOT_A_MEMBER');
      assert.equal(res.json().field, field);
    };
    // A member of another workspace: tenants never share deals.
    await refused([ws.actors.manager.userId, other.actors.operator.userId], 'co_owner_ids.1');
    await refused([ws.actors.manager.userId, '01900000-0000-7000-8000-000000000000'], 'co_owner_ids.1');
    await call('PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { is_disabled: true });
    await refused([ws.actors.readOnly.userId], 'co_owner_ids.0');
    await call('PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { is_disabled: false });
    const created = await app.http.inject({
      method: 'POST', url: '/api/v1/deals', headers: ws.actors.admin.headers, payload: { title: 'Чужая', co_owner_ids: [other.actors.admin.userId] },
    });
    assert.equal(created.json().field, 'co_owner_ids.0');
    const notAList = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${dealId}`, headers: ws.actors.admin.headers, payload: { co_owner_ids: null } });
    assert.equal(notAList.statusCode, 400);

    assert.deepEqual(await call('GET', `/api/v1/deals/${dealId}`), before);
    assert.equal(await events(), eventsBefore);
    assert.equal((await call('GET', `/api/v1/deals?${filterParam({ field: 'title', op: 'eq', value: 'Чужая' })}`)).data.length, 0);
  });

  test('changing co-owners is audited with before and after and emits deal.updated', async () => {
    await call('PATCH', `/api/v1/deals/${dealId}`, { co_owner_ids: [ws.actors.manager.userId, ws.actors.operator.userId] });
    const history = await call('GET', `/api/v1/deals/${dealId}/audit`);
    assert.deepEqual(history.data[0].changes, { co_owner_ids: { before: [], after: [ws.actors.manager.userId, ws.actors.operator.userId] } });
    const event = await sql<{ name: string; payload: { changes: object; co_owner_ids: string[] } }>`
      select name, payload from domain_event where entity_id = ${dealId} order by id desc limit 1`.execute(app.conn.db);
    assert.equal(event.rows[0]!.name, 'deal.updated');
    assert.deepEqual(event.rows[0]!.payload.co_owner_ids, [ws.actors.manager.userId, ws.actors.operator.userId]);
    assert.deepEqual(event.rows[0]!.payload.changes, history.data[0].changes);
  });

  test('lists filter by co-owner, "me" meaning the reader; the API documents the field', async () => {
    const mine = await call('POST', '/api/v1/deals', { title: 'Без совладельцев' });
    const containsMe = filterParam({ field: 'co_owner_ids', op: 'contains', value: 'me' });
    const asManager = await callOk(app, ws.actors.manager.headers, 'GET', `/api/v1/deals?${containsMe}`);
    assert.deepEqual(asManager.data.map((d: { id: string }) => d.id), [dealId]);
    const asAdmin = await call('GET', `/api/v1/deals?${containsMe}`);
    assert.deepEqual(asAdmin.data, []);
    const byId = await call('GET', `/api/v1/deals?${filterParam({ field: 'co_owner_ids', op: 'contains', value: ws.actors.operator.userId })}`);
    assert.deepEqual(byId.data.map((d: { id: string }) => d.id), [dealId]);
    const empty = await call('GET', `/api/v1/deals?${filterParam({ field: 'co_owner_ids', op: 'is_empty' })}`);
    assert.deepEqual(empty.data.map((d: { id: string }) => d.id), [mine.id]);
    const bad = await app.http.inject({ method: 'GET', url: `/api/v1/deals?${filterParam({ field: 'co_owner_ids', op: 'contains', value: 'someone' })}`, headers: ws.actors.admin.headers });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'filter.co_owner_ids');

    const openApi = (await app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const bodyOf = (method: 'post' | 'patch', path: string) => openApi.paths[path][method].requestBody.content['application/json'].schema;
    assert.equal(bodyOf('post', '/api/v1/deals').properties.co_owner_ids.type, 'array');
    assert.equal(bodyOf('patch', '/api/v1/deals/{id}').properties.co_owner_ids.items.format, 'uuid');
    assert.ok('co_owner_ids' in openApi.paths['/api/v1/deals/{id}'].get.responses['200'].content['application/json'].schema.properties);

    const types = await call('GET', '/api/v1/object-types');
    const field = types.data.find((t: { type: string }) => t.type === 'deal').fields.find((f: { name: string }) => f.name === 'co_owner_ids');
    assert.equal(field.kind, 'user_list');
    assert.deepEqual(field.ops, ['contains', 'not_contains', 'is_empty', 'is_not_empty']);
  });
});
