import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, loginAs, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

describe('authentication', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;

  before(async () => {
    app = await createTestApp({ config: { loginRateLimitPerMinute: 5 } });
    ws = await createTestWorkspace(app, 'auth');
  });
  after(() => app.close());

  test('login sets an httpOnly session cookie and returns the workspace and a CSRF token', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ADMIN@auth.test', password: TEST_PASSWORD } });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'rapport_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    const body = res.json();
    assert.equal(body.workspace.slug, 'auth');
    assert.equal(body.workspace.role, 'admin');
    assert.ok(body.csrf_token.length > 20);
  });

  test('a wrong password is refused with problem+json and no cookie', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@auth.test', password: 'nope' } });
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(res.json().code, 'INVALID_CREDENTIALS');
    assert.equal(res.cookies.length, 0);
  });

  test('passwords are stored as argon2id hashes', async () => {
    const user = await app.conn.db.selectFrom('app_user').select('password_hash').where('email', '=', 'admin@auth.test').executeTakeFirstOrThrow();
    assert.match(user.password_hash!, /^\$argon2id\$/);
  });

  test('a cookie session without the CSRF token cannot write', async () => {
    const { cookie } = ws.actors.admin.headers;
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: { cookie }, payload: { first_name: 'Ivan' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'CSRF_TOKEN_INVALID');
    const ok = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.actors.admin.headers, payload: { first_name: 'Ivan' } });
    assert.equal(ok.statusCode, 201);
  });

  test('logout ends the session', async () => {
    const headers = await loginAs(app, 'manager@auth.test');
    const out = await app.http.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    assert.equal(out.statusCode, 204);
    const me = await app.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().code, 'UNAUTHENTICATED');
  });

  test('login attempts are rate limited per address and account', async () => {
    const attempt = () => app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'stranger@auth.test', password: 'wrong' } });
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await attempt()).statusCode);
    assert.deepEqual(codes.slice(0, 5), [401, 401, 401, 401, 401]);
    const limited = await attempt();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'RATE_LIMITED');
  });

  test('API keys authenticate, are stored hashed, and stop working once revoked', async () => {
    const created = await app.http.inject({ method: 'POST', url: '/api/v1/api-keys', headers: ws.actors.admin.headers, payload: { name: 'integration', role: 'read-only' } });
    assert.equal(created.statusCode, 201);
    const { id, key } = created.json();
    const stored = await app.conn.db.selectFrom('api_key').select('secret_hash').where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(!key.includes(stored.secret_hash));
    const auth = { authorization: `Bearer ${key}` };
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/people', headers: auth })).statusCode, 200);
    const write = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: auth, payload: { first_name: 'X' } });
    assert.equal(write.statusCode, 403);
    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: ws.actors.admin.headers })).statusCode, 204);
    const after = await app.http.inject({ method: 'GET', url: '/api/v1/people', headers: auth });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().code, 'INVALID_API_KEY');
  });

  test('a user can switch between the workspaces they belong to, and only those', async () => {
    await createTestWorkspace(app, 'auth-two');
    await app.http.inject({ method: 'POST', url: '/api/v1/members', headers: ws.actors.admin.headers, payload: { email: 'admin@auth-two.test', name: 'x', role: 'read-only' } });
    const headers = await loginAs(app, 'admin@auth-two.test');
    const switched = await app.http.inject({ method: 'POST', url: '/api/v1/auth/workspace', headers, payload: { slug: 'auth' } });
    assert.equal(switched.statusCode, 200);
    assert.equal(switched.json().workspace.slug, 'auth');
    assert.equal(switched.json().workspace.role, 'read-only');
    const foreign = await app.http.inject({ method: 'POST', url: '/api/v1/auth/workspace', headers, payload: { slug: 'nowhere' } });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().field, 'slug');
  });
});
