import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('role actions and record scopes', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const inject = (actor: keyof typeof ws.actors, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: ws.actors[actor].headers, ...(payload ? { payload } : {}) });

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'perm');
    // The manager and the operator share a team; the read-only user is in none.
    await inject('admin', 'POST', '/api/v1/teams', { name: 'Sales', member_ids: [ws.actors.manager.userId, ws.actors.operator.userId] });
    for (const owner of ['admin', 'manager', 'operator'] as const) {
      const res = await inject('admin', 'POST', '/api/v1/deals', { title: `deal of ${owner}`, owner_id: ws.actors[owner].userId });
      ids[owner] = res.json().id;
    }
  });
  after(() => app.close());

  const visibleTitles = async (actor: keyof typeof ws.actors) =>
    (await inject(actor, 'GET', '/api/v1/deals')).json().data.map((d: { title: string }) => d.title).sort();

  test('admin and read-only see every record; manager sees the team; operator sees their own', async () => {
    assert.deepEqual(await visibleTitles('admin'), ['deal of admin', 'deal of manager', 'deal of operator']);
    assert.deepEqual(await visibleTitles('readOnly'), ['deal of admin', 'deal of manager', 'deal of operator']);
    assert.deepEqual(await visibleTitles('manager'), ['deal of manager', 'deal of operator']);
    assert.deepEqual(await visibleTitles('operator'), ['deal of operator']);
  });

  test('a record outside the scope answers 404, as if it did not exist', async () => {
    const res = await inject('operator', 'GET', `/api/v1/deals/${ids.admin}`);
    assert.equal(res.statusCode, 404);
    const patch = await inject('operator', 'PATCH', `/api/v1/deals/${ids.manager}`, { title: 'mine now' });
    assert.equal(patch.statusCode, 404);
  });

  test('read-only may not create, and operators may not delete', async () => {
    const create = await inject('readOnly', 'POST', '/api/v1/deals', { title: 'x' });
    assert.equal(create.statusCode, 403);
    assert.equal(create.json().code, 'FORBIDDEN');
    const del = await inject('operator', 'DELETE', `/api/v1/deals/${ids.operator}`);
    assert.equal(del.statusCode, 403);
  });

  test('an operator may not hand a record to someone outside their scope', async () => {
    const res = await inject('operator', 'POST', '/api/v1/deals', { title: 'x', owner_id: ws.actors.admin.userId });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().field, 'owner_id');
  });

  test('only roles that name the settings objects can administer the workspace', async () => {
    for (const actor of ['manager', 'operator', 'readOnly'] as const) {
      assert.equal((await inject(actor, 'GET', '/api/v1/members')).statusCode, 403);
      assert.equal((await inject(actor, 'GET', '/api/v1/audit')).statusCode, 403);
      assert.equal((await inject(actor, 'POST', '/api/v1/api-keys', { name: 'x', role: 'admin' })).statusCode, 403);
      // Everyone may see who works here, by name, to assign work; not their emails or roles.
      const directory = await inject(actor, 'GET', '/api/v1/members/directory');
      assert.equal(directory.statusCode, 200);
      assert.ok(directory.json().data.some((m: { user_id: string }) => m.user_id === ws.actors.admin.userId));
      assert.ok(!directory.body.includes('@'));
    }
  });

  test('a custom role grants exactly its actions per object type', async () => {
    const role = await inject('admin', 'POST', '/api/v1/roles', {
      key: 'people-clerk', name: 'People clerk',
      permissions: { person: { actions: ['read', 'create'], scope: 'all' } },
    });
    assert.equal(role.statusCode, 201);
    await inject('admin', 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'people-clerk' });
    assert.equal((await inject('readOnly', 'POST', '/api/v1/people', { first_name: 'Clerk-made' })).statusCode, 201);
    assert.equal((await inject('readOnly', 'GET', '/api/v1/deals')).statusCode, 403);
    await inject('admin', 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'read-only' });
  });

  test('the admin role cannot be edited and the last admin cannot be demoted', async () => {
    const roles = (await inject('admin', 'GET', '/api/v1/roles')).json().data as { id: string; key: string }[];
    const admin = roles.find((r) => r.key === 'admin')!;
    const edit = await inject('admin', 'PATCH', `/api/v1/roles/${admin.id}`, { permissions: {} });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().code, 'ROLE_IS_BUILTIN');
    const demote = await inject('admin', 'PATCH', `/api/v1/members/${ws.actors.admin.userId}`, { role: 'operator' });
    assert.equal(demote.statusCode, 409);
    assert.equal(demote.json().code, 'LAST_ADMIN');
  });
});
