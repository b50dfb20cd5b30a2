import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';

type Contract = { id: string; name: string; owner_id: string; custom: Record<string, unknown> };

describe('CSV import into a custom object', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};
  const admin = () => ws.actors.admin.headers;

  const uploadAs = (headers: Record<string, string>, body: string, objectType = 'x_contract') => app.http.inject({
    method: 'POST', url: `/api/v1/imports?object_type=${objectType}&file_name=contracts.csv`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body,
  });
  const upload = async (body: string, objectType = 'x_contract') => {
    const res = await uploadAs(admin(), body, objectType);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const finished = async (id: string) => {
    let job: Record<string, unknown> = {};
    await until(async () => {
      job = await callOk(app, admin(), 'GET', `/api/v1/imports/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(job.status as string);
    }, 60_000);
    return job;
  };
  const importFile = async (body: string, options: { dedupe?: string; dry_run?: boolean; objectType?: string } = {}) => {
    const uploaded = await upload(body, options.objectType);
    await callOk(app, admin(), 'POST', `/api/v1/imports/${uploaded.id}/start`, {
      mapping: uploaded.suggested_mapping, dedupe: options.dedupe ?? 'update', dry_run: options.dry_run ?? false,
    });
    return { uploaded, job: await finished(uploaded.id) };
  };
  const contracts = async () => (await callOk(app, admin(), 'GET', '/api/v1/objects/contract?limit=200&sort=name')).data as Contract[];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'object-imports');
    other = await createTestWorkspace(app, 'object-imports-other');
    await callOk(app, admin(), 'POST', '/api/v1/custom-objects', {
      key: 'contract', label: { ru: 'Договор', en: 'Contract' }, label_plural: { ru: 'Договоры', en: 'Contracts' }, name_label: { ru: 'Номер договора', en: 'Number' },
    });
    await callOk(app, admin(), 'POST', '/api/v1/custom-objects', { key: 'property', label: { ru: 'Объект', en: 'Property' }, label_plural: { ru: 'Объекты', en: 'Properties' } });
    const define = (objectType: string, body: object) => callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: objectType, ...body });
    await define('x_contract', { key: 'amount', label: 'Сумма договора', kind: 'money' });
    await define('x_contract', { key: 'signed_on', label: 'Дата подписания', kind: 'date' });
    await define('x_contract', { key: 'status', label: 'Статус', kind: 'select', options: [{ value: 'active', label: 'Действует' }, { value: 'expired', label: 'Истёк' }] });
    await define('x_contract', { key: 'client', label: 'Клиент', kind: 'relation', references: 'company' });
    await define('x_property', { key: 'amount', label: 'Сумма договора', kind: 'money' });
    await define('deal', { key: 'contract', label: 'Договор', kind: 'relation', references: 'x_contract' });
    ids.company = (await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО Арендатор' })).id;
    ids.foreignCompany = (await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/companies', { name: 'ООО Чужой' })).id;
    ids.existing = (await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-001', custom: { amount: '1000', status: 'active' } })).id;
    ids.property = (await callOk(app, admin(), 'POST', '/api/v1/objects/property', { name: 'Д-002', custom: { amount: '5' } })).id;
  });
  after(() => app.close());

  const file = () => [
    'Номер договора;Сумма договора;Дата подписания;Статус;Клиент;Комментарий',
    `Д-001;150 000,50;01.10.2026;Истёк;${ids.company};обновляет существующий`,
    'Д-002;90000;2026-11-02;Действует;;новый, хотя такой номер есть у объекта недвижимости',
    'Д-003;много;31.02.2026;;;две ошибки',
    `Д-004;1;;Расторгнут;${ids.foreignCompany};чужой клиент и неизвестный статус`,
    ';5;;;;нет номера',
    'Д-002;95000;;;;повтор в файле',
  ].join('\n');

  test('an upload into a custom object suggests its fields from their labels', async () => {
    const uploaded = await upload(file());
    assert.equal(uploaded.object_type, 'x_contract');
    assert.deepEqual(uploaded.suggested_mapping, {
      'Номер договора': 'name', 'Сумма договора': 'custom.amount', 'Дата подписания': 'custom.signed_on', Статус: 'custom.status', Клиент: 'custom.client', Комментарий: null,
    });
    const types = await callOk(app, admin(), 'GET', '/api/v1/object-types');
    assert.deepEqual(types.data.find((t: { type: string }) => t.type === 'x_contract').dedupe_keys, ['name'], 'the wizard names what rows are matched on');
  });

  test('a dry run counts without writing', async () => {
    const { job } = await importFile(file(), { dry_run: true });
    assert.equal(job.status, 'completed');
    assert.deepEqual([job.rows_created, job.rows_updated, job.rows_failed], [1, 2, 3]);
    assert.deepEqual((await contracts()).map((c) => c.name), ['Д-001']);
  });

  test('rows land in the object’s own slice, matched on the name, bad rows reported by row, column and reason', async () => {
    const { uploaded, job } = await importFile(file());
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.equal(job.progress, 1);
    assert.deepEqual([job.rows_processed, job.rows_created, job.rows_updated, job.rows_failed], [6, 1, 2, 3]);

    const all = await contracts();
    assert.deepEqual(all.map((c) => c.name), ['Д-001', 'Д-002']);
    const updated = all.find((c) => c.id === ids.existing)!;
    assert.deepEqual(updated.custom, { amount: '150000.50', signed_on: '2026-10-01', status: 'expired', client: ids.company });
    const created = all.find((c) => c.name === 'Д-002')!;
    assert.deepEqual(created.custom, { amount: '95000', signed_on: '2026-11-02', status: 'active' }, 'the later row of the same name wins');
    assert.equal(created.owner_id, ws.actors.admin.userId);
    const stored = await sql<{ object_key: string }>`select object_key from custom_record where workspace_id = ${ws.workspace.id} and id = ${created.id}`.execute(app.conn.db);
    assert.equal(stored.rows[0]!.object_key, 'contract');
    const property = await callOk(app, admin(), 'GET', `/api/v1/objects/property/${ids.property}`);
    assert.deepEqual([property.name, property.custom.amount], ['Д-002', '5'], 'a property of the same name is another object’s record');

    const report: Record<string, string>[] = parse((await app.http.inject({ method: 'GET', url: `/api/v1/imports/${uploaded.id}/errors`, headers: admin() })).body, { columns: true });
    assert.deepEqual(report.map((r) => [r.row_number, r.column_name]), [
      ['4', 'Дата подписания'], ['4', 'Сумма договора'], ['5', 'Статус'], ['6', 'Номер договора'],
    ]);
    assert.match(report.find((r) => r.column_name === 'Сумма договора')!.message!, /amount/);
    // The unknown status fails the row before its client is looked up; a row with only a bad client says so.
    const foreign = await importFile(`Номер договора;Клиент\nД-005;${ids.foreignCompany}\nД-006;${ids.property}`);
    assert.deepEqual([foreign.job.rows_created, foreign.job.rows_failed], [0, 2]);
    const clientErrors: Record<string, string>[] = parse((await app.http.inject({ method: 'GET', url: `/api/v1/imports/${foreign.uploaded.id}/errors`, headers: admin() })).body, { columns: true });
    assert.deepEqual(clientErrors.map((r) => [r.row_number, r.column_name, r.message]), [['2', 'Клиент', 'No company with this id'], ['3', 'Клиент', 'No company with this id']]);

    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=x_contract&action=import');
    assert.deepEqual(audit.data[0].changes.created.after, [created.id]);
    const started = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=x_contract&action=import_start');
    assert.ok(started.data.some((e: { changes: { import_id: { after: string } } }) => e.changes.import_id.after === uploaded.id));
    const history = await callOk(app, admin(), 'GET', `/api/v1/objects/contract/${ids.existing}/audit`);
    assert.deepEqual(history.data[0].changes['custom.status'], { before: 'active', after: 'expired' });
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=x_contract&subject_id=${ids.existing}`);
    assert.equal(timeline.data[0].event, 'x_contract.updated');
  });

  test('skip leaves records of the same name alone; create makes new ones anyway', async () => {
    const csv = 'Номер договора;Сумма договора\nД-001;1\nД-007;7';
    const skipped = await importFile(csv, { dedupe: 'skip' });
    assert.deepEqual([skipped.job.rows_created, skipped.job.rows_skipped, skipped.job.rows_updated], [1, 1, 0]);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/objects/contract/${ids.existing}`)).custom.amount, '150000.50');
    const createdAnyway = await importFile('Номер договора\nД-001', { dedupe: 'create' });
    assert.deepEqual([createdAnyway.job.rows_created, createdAnyway.job.rows_updated], [1, 0]);
    assert.equal((await contracts()).filter((c) => c.name === 'Д-001').length, 2);
  });

  test('a relation column to a custom object imports into deals, checked against that object', async () => {
    const csv = `Название;Договор\nАренда по договору;${ids.existing}\nНе договор;${ids.property}`;
    const { uploaded, job } = await importFile(csv, { objectType: 'deal' });
    assert.equal(uploaded.suggested_mapping['Договор'], 'custom.contract');
    assert.deepEqual([job.rows_created, job.rows_failed], [1, 1]);
    const deals = await callOk(app, admin(), 'GET', `/api/v1/deals?filter=${encodeURIComponent(JSON.stringify({ field: 'custom.contract', op: 'eq', value: ids.existing }))}`);
    assert.deepEqual(deals.data.map((d: { title: string }) => d.title), ['Аренда по договору']);
    const report = (await app.http.inject({ method: 'GET', url: `/api/v1/imports/${uploaded.id}/errors`, headers: admin() })).body;
    assert.match(report, /3,Договор,.*No x_contract with this id/);
  });

  test('imports into a custom object take its permissions and field rules; nothing is written when refused', async () => {
    const before = (await contracts()).length;
    const denied = await uploadAs(ws.actors.readOnly.headers, 'Номер договора\nД-100');
    assert.deepEqual([denied.statusCode, denied.json().code], [403, 'FORBIDDEN']);

    await callOk(app, admin(), 'POST', '/api/v1/roles', {
      key: 'contract-clerk', name: 'Contract clerk', permissions: { x_contract: { actions: ['read', 'create'], scope: 'own' } },
      field_rules: { x_contract: { 'custom.amount': 'readonly' } },
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.operator.userId}`, { role: 'contract-clerk' });
    const clerk = ws.actors.operator.headers;
    const res = await uploadAs(clerk, 'Номер договора;Сумма договора\nД-100;100');
    assert.equal(res.statusCode, 201, res.body);
    const uploaded = res.json();
    assert.equal(uploaded.suggested_mapping['Сумма договора'], null, 'a read-only field is not offered');
    const start = (body: object) => app.http.inject({ method: 'POST', url: `/api/v1/imports/${uploaded.id}/start`, headers: clerk, payload: body });
    const readonly = await start({ mapping: { 'Номер договора': 'name', 'Сумма договора': 'custom.amount' }, dedupe: 'create' });
    assert.deepEqual([readonly.statusCode, readonly.json().field], [400, 'mapping.Сумма договора']);
    const noName = await start({ mapping: { 'Номер договора': null }, dedupe: 'create' });
    assert.deepEqual([noName.statusCode, noName.json().code, noName.json().field], [400, 'VALIDATION_FAILED', 'mapping']);
    const updating = await start({ mapping: { 'Номер договора': 'name' }, dedupe: 'update' });
    assert.equal(updating.statusCode, 403, 'matching to update takes the right to update');
    assert.equal((await callOk(app, clerk, 'GET', `/api/v1/imports/${uploaded.id}`)).status, 'uploaded', 'a refused start leaves the import as it was');
    assert.equal((await contracts()).length, before);

    assert.equal((await start({ mapping: { 'Номер договора': 'name' }, dedupe: 'create' })).statusCode, 202);
    await until(async () => (await callOk(app, clerk, 'GET', `/api/v1/imports/${uploaded.id}`)).status === 'completed', 60_000);
    const mine = await callOk(app, clerk, 'GET', '/api/v1/objects/contract');
    assert.deepEqual(mine.data.map((c: Contract) => [c.name, c.owner_id]), [['Д-100', ws.actors.operator.userId]]);
  });

  test('another workspace neither imports into this one’s object nor sees its imports', async () => {
    const elsewhere = await uploadAs(other.actors.admin.headers, 'Номер договора\nД-1', 'x_contract');
    assert.deepEqual([elsewhere.statusCode, elsewhere.json().code, elsewhere.json().field], [400, 'VALIDATION_FAILED', 'object_type']);
    const mine = await upload('Номер договора\nД-1');
    const peek = await app.http.inject({ method: 'GET', url: `/api/v1/imports/${mine.id}`, headers: other.actors.admin.headers });
    assert.equal(peek.statusCode, 404);
    const started = await app.http.inject({
      method: 'POST', url: `/api/v1/imports/${mine.id}/start`, headers: other.actors.admin.headers, payload: { mapping: { 'Номер договора': 'name' } },
    });
    assert.equal(started.statusCode, 404);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/imports/${mine.id}`)).status, 'uploaded');
    const unknown = await uploadAs(admin(), 'name\nX', 'x_nothing');
    assert.deepEqual([unknown.statusCode, unknown.json().field], [400, 'object_type']);
  });
});
