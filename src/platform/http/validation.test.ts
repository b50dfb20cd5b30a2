import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

type Doc = { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>> };

/** A digest of every table in the public schema, to prove a refused request changed nothing. */
async function databaseDigest(app: TestApp): Promise<string> {
  const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migration' order by 1`.execute(app.conn.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const row = await sql<{ d: string }>`select coalesce(md5(string_agg((to_jsonb(t) - 'dispatched_at' - 'last_used_at')::text, '|' order by t::text)), '') as d from ${sql.table(name)} t`.execute(app.conn.db);
    parts.push(`${name}:${row.rows[0]!.d}`);
  }
  return parts.join('\n');
}

describe('input validation', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let doc: Doc;
  let personId: string;

  before(async () => {
    app = await createTestApp({ config: { bodyLimitBytes: 64 * 1024 } });
    ws = await createTestWorkspace(app, 'valid');
    doc = (await app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    personId = (await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.adminKeyHeaders, payload: { first_name: 'Valid' } })).json().id;
    // Custom object routes take an object's key as well as an id.
    await app.http.inject({ method: 'POST', url: '/api/v1/custom-objects', headers: ws.adminKeyHeaders, payload: { key: 'contract', label: { ru: 'Договор', en: 'Contract' }, label_plural: { ru: 'Договоры', en: 'Contracts' } } });
  });
  after(() => app.close());

  test('every route with a body answers an unknown field with problem+json naming it, and changes nothing', async () => {
    await settle(app);
    const before = await databaseDigest(app);
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.requestBody) continue;
        const url = path.replace('{key}', 'contract').replace(/\{[a-z_]+\}/g, personId);
        const headers = path.startsWith('/api/v1/auth/') && path !== '/api/v1/auth/login' ? ws.actors.admin.headers : ws.adminKeyHeaders;
        const res = await app.http.inject({ method: method.toUpperCase() as 'POST', url, headers, payload: { definitely_not_a_field: 1 } });
        assert.equal(res.statusCode, 400, `${method} ${path}: ${res.statusCode} ${res.body}`);
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
        const problem = res.json();
        assert.ok(['UNKNOWN_FIELD', 'VALIDATION_FAILED'].includes(problem.code), `${method} ${path}: ${problem.code}`);
        assert.ok(problem.field, `${method} ${path} names a field`);
        assert.ok(problem.errors.some((e: { field: string }) => e.field === 'definitely_not_a_field'), `${method} ${path} names the unknown field`);
        checked++;
      }
    }
    assert.ok(checked >= 15, `checked ${checked} routes`);
    await settle(app);
    assert.equal(await databaseDigest(app), before);
  });

  test('every route with a path id answers a malformed id with problem+json', async () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!/\{[a-z_]+\}/.test(path)) continue;
      for (const method of Object.keys(methods)) {
        const res = await app.http.inject({ method: method.toUpperCase() as 'GET', url: path.replace(/\{[a-z_]+\}/, 'not-a-uuid'), headers: ws.adminKeyHeaders, ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) });
        assert.equal(res.statusCode, 400, `${method} ${path}: ${res.body}`);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
      }
    }
  });

  test('a wrong value names its field', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.adminKeyHeaders, payload: { first_name: 'A', email: 'not-an-email' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
    assert.equal(res.json().field, 'email');
  });

  test('malformed JSON, oversized bodies and bad query parameters get problem+json', async () => {
    const malformed = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: { ...ws.adminKeyHeaders, 'content-type': 'application/json' }, payload: '{"first_name":' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'MALFORMED_JSON');
    const huge = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: ws.adminKeyHeaders, payload: { first_name: 'x'.repeat(100 * 1024) } });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().code, 'PAYLOAD_TOO_LARGE');
    const limit = await app.http.inject({ method: 'GET', url: '/api/v1/people?limit=100000', headers: ws.adminKeyHeaders });
    assert.equal(limit.statusCode, 400);
    assert.equal(limit.json().field, 'limit');
    const unknownQuery = await app.http.inject({ method: 'GET', url: '/api/v1/people?colour=red', headers: ws.adminKeyHeaders });
    assert.equal(unknownQuery.statusCode, 400);
    assert.equal(unknownQuery.json().code, 'UNKNOWN_FIELD');
  });
});
