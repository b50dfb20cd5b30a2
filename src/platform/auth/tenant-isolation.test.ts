import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';

type Operation = { method: string; path: string };

/** Every operation the API documents, so a new route is covered without editing this test. */
async function listOperations(app: TestApp): Promise<Operation[]> {
  const doc = (await app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

async function snapshotWorkspace(app: TestApp, workspaceId: string) {
  const tables = ['person', 'company', 'deal', 'activity', 'membership', 'team', 'team_member', 'role', 'api_key', 'audit_log', 'domain_event', 'consent_entry'];
  const counts: Record<string, unknown> = {};
  for (const table of tables) {
    const row = await sql<{ n: number; digest: string }>`
      select count(*)::int as n,
        coalesce(md5(string_agg((to_jsonb(t) - 'dispatched_at')::text, '|' order by t::text)), '') as digest
      from ${sql.table(table)} t where workspace_id = ${workspaceId}`.execute(app.conn.db);
    counts[table] = row.rows[0];
  }
  return counts;
}

describe('tenant isolation', () => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof createTestWorkspace>>;
  let b: Awaited<ReturnType<typeof createTestWorkspace>>;
  const bIds: Record<string, string> = {};

  before(async () => {
    app = await createTestApp();
    a = await createTestWorkspace(app, 'tenant-a');
    b = await createTestWorkspace(app, 'tenant-b');
    const h = b.actors.admin.headers;
    const post = async (url: string, payload: object) => {
      const res = await app.http.inject({ method: 'POST', url, headers: h, payload });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    bIds.companies = (await post('/api/v1/companies', { name: 'B Corp' })).id;
    bIds.people = (await post('/api/v1/people', { first_name: 'Secret', email: 'secret@b.test', company_id: bIds.companies })).id;
    bIds.deals = (await post('/api/v1/deals', { title: 'B deal', amount: 1000, currency: 'RUB' })).id;
    bIds.activities = (await post('/api/v1/activities', { kind: 'call', subject: 'B call' })).id;
    bIds.teams = (await post('/api/v1/teams', { name: 'B team' })).id;
    bIds.roles = (await post('/api/v1/roles', { key: 'b-role', name: 'B role', permissions: {} })).id;
    bIds['api-keys'] = (await post('/api/v1/api-keys', { name: 'B key', role: 'read-only' })).id;
    bIds.members = b.actors.operator.userId;
    bIds.products = (await post('/api/v1/products', { name: 'B product', sku: 'B-1' })).id;
    bIds['price-lists'] = (await post('/api/v1/price-lists', { name: 'B prices', currency: 'RUB' })).id;
    bIds.pipelines = (await post('/api/v1/pipelines', { name: 'B pipeline' })).id;
    bIds['custom-objects'] = (await post('/api/v1/custom-objects', { key: 'contract', label: { ru: 'Договор', en: 'Contract' }, label_plural: { ru: 'Договоры', en: 'Contracts' } })).id;
    bIds.objects = (await post('/api/v1/objects/contract', { name: 'B contract' })).id;
    // A task given to B's operator notifies them.
    await post('/api/v1/activities', { kind: 'task', subject: 'B task', owner_id: b.actors.operator.userId });
    await until(async () => {
      const rows = await sql<{ id: string }>`select id from notification where workspace_id = ${b.workspace.id}`.execute(app.conn.db);
      bIds.notifications = rows.rows[0]?.id ?? '';
      return rows.rows.length > 0;
    }, 60_000);
    const exported = await app.http.inject({ method: 'POST', url: '/api/v1/exports', headers: h, payload: { object_type: 'company' } });
    assert.equal(exported.statusCode, 202, exported.body);
    bIds.exports = exported.json().id;
    // The export job writes its audit entry when it runs: let it finish before snapshots are taken.
    await until(async () => (await app.http.inject({ method: 'GET', url: `/api/v1/exports/${bIds.exports}`, headers: h })).json().status === 'completed', 60_000);
  });
  after(() => app.close());

  // Bodies that pass validation, for routes whose body has required parts: the answer must then
  // come from the (missing) record, not from the body check.
  const VALID_BODIES: Record<string, object | string> = {
    'PUT /api/v1/deals/{id}/lines': { lines: [] },
    'PUT /api/v1/deals/{id}/contacts': { contacts: [] },
    'PUT /api/v1/people/{id}/companies': { companies: [] },
    'POST /api/v1/people/{id}/consents': { channel: 'email', purpose: 'marketing', status: 'withdrawn' },
    'POST /api/v1/people/{id}/erase': { confirm: 'a typed id' },
    'PUT /api/v1/people/{id}/messaging-preference': { preferred_channel: 'email' },
    'PUT /api/v1/activities/{id}/participants': { participants: [] },
    'PUT /api/v1/price-lists/{id}/items': { items: [{ sku: 'B-1', price: '1' }] },
    'POST /api/v1/price-lists/{id}/items/csv': 'sku,price\nB-1,1\n',
  };

  for (const via of ['session', 'api key'] as const) {
    test(`an admin of workspace A reaches nothing of workspace B through any route (${via})`, async () => {
      const headers = via === 'session' ? a.actors.admin.headers : a.adminKeyHeaders;
      const before = await snapshotWorkspace(app, b.workspace.id);
      const operations = await listOperations(app);
      assert.ok(operations.length > 25, 'the OpenAPI document lists the routes');
      const bValues = [b.workspace.id, ...Object.values(bIds), 'secret@b.test', 'B Corp'];
      for (const op of operations) {
        const collection = op.path.split('/')[3]!;
        const hasParam = /\{(id|user_id)\}/.test(op.path);
        if (!hasParam && op.method !== 'GET') continue;
        if (hasParam && !bIds[collection]) continue;
        // Custom object routes name the object by key: B's "contract" (A has none of that name).
        const url = op.path.replace('{key}', 'contract').replace(/\{(id|user_id)\}/, bIds[collection] ?? '').replace('/api/v1/search', '/api/v1/search?q=Secret');
        const sample = VALID_BODIES[`${op.method} ${op.path}`];
        const payload = sample ?? (['POST', 'PATCH', 'PUT'].includes(op.method) ? {} : undefined);
        const res = await app.http.inject({
          method: op.method as 'GET', url, headers: typeof payload === 'string' ? { ...headers, 'content-type': 'text/csv' } : headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        if (hasParam) {
          assert.ok([403, 404].includes(res.statusCode), `${op.method} ${op.path} answered ${res.statusCode}: ${res.body}`);
        } else {
          for (const value of bValues) assert.ok(!res.body.includes(value), `${op.method} ${url} leaked ${value}`);
        }
      }
      assert.deepEqual(await snapshotWorkspace(app, b.workspace.id), before);
    });
  }

  test('a record of workspace A cannot point at a record of workspace B', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: a.adminKeyHeaders, payload: { first_name: 'X', company_id: bIds.companies } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'REFERENCE_NOT_FOUND');
    assert.equal(res.json().field, 'company_id');
  });

  test('a record of workspace A cannot be given to a member of workspace B', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers: a.adminKeyHeaders, payload: { title: 'X', owner_id: b.actors.admin.userId } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'OWNER_NOT_A_MEMBER');
  });

  test("a session cannot be switched into a workspace the user doesn't belong to", async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/auth/workspace', headers: a.actors.admin.headers, payload: { slug: 'tenant-b' } });
    assert.equal(res.statusCode, 404);
  });
});
