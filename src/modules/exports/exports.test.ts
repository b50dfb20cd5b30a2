import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { expireExports } from './exports.service.ts';

describe('background exports', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const finished = async (id: string, headers = admin()) => {
    let job: { status: string } = { status: 'queued' };
    await until(async () => {
      job = await callOk(app, headers, 'GET', `/api/v1/exports/${id}`);
      return !['queued', 'running'].includes(job.status);
    }, 60_000);
    return job as { status: string; rows_total: number; rows_done: number; file_bytes: number; error: string | null };
  };

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'exports');
    for (let i = 0; i < 30; i++) {
      await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: `Клиент ${i}`, city: i % 3 === 0 ? 'Казань' : 'Москва', email: `c${i}@x.ru`, owner_id: i < 5 ? ws.actors.operator.userId : undefined });
    }
  });
  after(() => app.close());

  test('a filtered list exports in the background with progress, then downloads as CSV', async () => {
    const started = await inject('POST', '/api/v1/exports', { object_type: 'person', filter: { field: 'city', op: 'eq', value: 'Казань' } });
    assert.equal(started.statusCode, 202, started.body);
    const job = await finished(started.json().id);
    assert.equal(job.status, 'completed', job.error ?? '');
    assert.equal(job.rows_total, 10);
    assert.equal(job.rows_done, 10);
    const download = await inject('GET', `/api/v1/exports/${started.json().id}/download`);
    assert.equal(download.statusCode, 200);
    assert.match(download.headers['content-disposition'] as string, /person-\d{4}-\d\d-\d\d\.csv/);
    const rows: Record<string, string>[] = parse(download.body, { columns: true });
    assert.equal(rows.length, 10);
    assert.ok(rows.every((r) => r.city === 'Казань'));
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where entity_type = 'person' and action = 'export' and workspace_id = ${ws.workspace.id}`.execute(app.conn.db);
    assert.equal(audit.rows[0]!.n, 1, 'the export is audited once');
  });

  test('field rules and scope apply as they do to the one who asked; others cannot see the export', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/roles', { key: 'exporter', name: 'Exporter', permissions: { '*': { actions: ['read', 'export'], scope: 'own' } }, field_rules: { person: { email: 'hidden' } } });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.operator.userId}`, { role: 'exporter' });
    const operator = ws.actors.operator.headers;
    const started = await callOk(app, operator, 'POST', '/api/v1/exports', { object_type: 'person' });
    const job = await finished(started.id, operator);
    assert.equal(job.rows_total, 5, 'only the operator’s own people');
    const csv = (await inject('GET', `/api/v1/exports/${started.id}/download`, undefined, operator)).body;
    const header = csv.split('\n')[0]!.split(',');
    assert.ok(!header.includes('email') && !csv.includes('@x.ru'), 'hidden fields stay out of the file');
    assert.equal((await inject('GET', `/api/v1/exports/${started.id}`)).statusCode, 404, 'an export is its requester’s alone');
  });

  test('people export to vCard; bad requests are refused before anything is queued; files expire', async () => {
    const cards = await callOk(app, admin(), 'POST', '/api/v1/exports', { object_type: 'person', format: 'vcf', filter: { field: 'city', op: 'eq', value: 'Москва' } });
    assert.equal((await finished(cards.id)).status, 'completed');
    const vcf = (await inject('GET', `/api/v1/exports/${cards.id}/download`)).body;
    assert.equal(vcf.match(/BEGIN:VCARD/g)?.length, 20);

    const badFilter = await inject('POST', '/api/v1/exports', { object_type: 'person', filter: { field: 'nope', op: 'eq', value: 1 } });
    assert.equal(badFilter.statusCode, 400);
    assert.equal(badFilter.json().field, 'filter.nope');
    assert.equal((await inject('POST', '/api/v1/exports', { object_type: 'deal', format: 'vcf' })).json().field, 'format');
    assert.equal((await inject('POST', '/api/v1/exports', { object_type: 'person' }, ws.actors.readOnly.headers)).statusCode, 403);

    const { file_path: filePath } = (await sql<{ file_path: string }>`select file_path from export_job where id = ${cards.id}`.execute(app.conn.db)).rows[0]!;
    assert.ok(fs.existsSync(filePath));
    await sql`update export_job set expires_at = now() - interval '1 minute' where id = ${cards.id}`.execute(app.conn.db);
    assert.ok((await expireExports(app.conn.db)) >= 1);
    assert.ok(!fs.existsSync(filePath));
    assert.equal((await inject('GET', `/api/v1/exports/${cards.id}/download`)).statusCode, 410);
  });
});
