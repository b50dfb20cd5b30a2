import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('HTTP surface', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  test('/api/openapi.json is a valid OpenAPI 3.1 document covering every route', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
    for (const path of ['/api/v1/auth/login', '/api/v1/people/{id}', '/api/v1/roles', '/api/v1/audit', '/api/v1/search']) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
  });

  test('the API docs are browsable', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  test('health and readiness answer, and every response carries a request id', async () => {
    const health = await app.http.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(health.json(), { status: 'ok' });
    const ready = await app.http.inject({ method: 'GET', url: '/readyz', headers: { 'x-request-id': 'trace-me' } });
    assert.deepEqual(ready.json(), { status: 'ready' });
    assert.equal(ready.headers['x-request-id'], 'trace-me');
  });

  test('unknown API routes answer problem+json', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ROUTE_NOT_FOUND');
  });

  test('a client-side route of the web app gets the app shell or the build hint', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/settings/roles' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
  });
});
