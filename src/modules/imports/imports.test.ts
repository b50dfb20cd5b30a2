import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { loadUserPrincipal } from '../../platform/auth/auth.service.ts';
import { personRecordType } from '../people/index.ts';
import { registerImportFile, runImport, startImport } from './index.ts';

type Person = { id: string; first_name: string; last_name: string | null; email: string | null; phone: string | null; birthday: string | null; lifecycle_stage: string; custom: Record<string, unknown> };

// A spreadsheet export as people really send them: semicolons, a BOM, Russian headers,
// phones in every format, dates with dots, and mistakes.
const MESSY_CSV = '\ufeff' + [
  'Фамилия;Имя;E-mail;Телефон;День рождения;Стадия;Уровень;Заметка',
  'Иванова;Анна;ANNA@Example.ru;8 (912) 345-67-89;01.02.1990;Клиент;gold;первая',
  'Петров;Пётр;petr@example.ru;+7 912 000 00 01;1985-12-31;lead;;',
  'Сидоров;;sidorov@example.ru;89120000002;;;;нет имени',
  'Кузнецов;Илья;не-почта;123-45;31.02.1990;;;три ошибки',
  'Иванова;Анна Сергеевна;anna@example.ru;;;;silver;повтор в файле',
  'Смирнов;Олег;existing@example.ru;;;partner;;уже есть в базе',
  '"Кавычкин; и Ко";Семён;"semen@example.ru";+7-912-000-00-03;;;;"с ; внутри"',
].join('\r\n');

describe('CSV import', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let existingId: string;

  const admin = () => ws.actors.admin.headers;
  const upload = async (body: string | Buffer, contentType = 'text/csv', headers = admin(), objectType = 'person') => {
    const res = await app.http.inject({
      method: 'POST', url: `/api/v1/imports?object_type=${objectType}&file_name=people.csv`,
      headers: { ...headers, 'content-type': contentType }, payload: body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const finished = async (id: string) => {
    let job: { status: string } = { status: '' };
    await until(async () => {
      job = await callOk(app, admin(), 'GET', `/api/v1/imports/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(job.status);
    }, 60_000);
    return job as Record<string, unknown>;
  };
  const people = async () => (await callOk(app, admin(), 'GET', '/api/v1/people?limit=200')).data as Person[];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'imports');
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', {
      object_type: 'person', key: 'tier', label: 'Уровень', kind: 'select', options: [{ value: 'gold', label: 'Золото' }, { value: 'silver', label: 'Серебро' }],
    });
    existingId = (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Олег', last_name: 'Смирнов', email: 'existing@example.ru', job_title: 'Директор' })).id;
  });
  after(() => app.close());

  test('an upload reports the columns, the first rows and a suggested mapping', async () => {
    const uploaded = await upload(MESSY_CSV);
    assert.equal(uploaded.status, 'uploaded');
    assert.equal(uploaded.delimiter, ';');
    assert.deepEqual(uploaded.columns, ['Фамилия', 'Имя', 'E-mail', 'Телефон', 'День рождения', 'Стадия', 'Уровень', 'Заметка']);
    assert.equal(uploaded.sample.length, 7);
    assert.deepEqual(uploaded.suggested_mapping, {
      Фамилия: 'last_name', Имя: 'first_name', 'E-mail': 'email', Телефон: 'phone', 'День рождения': 'birthday',
      Стадия: 'lifecycle_stage', Уровень: 'custom.tier', Заметка: 'notes',
    });
  });

  test('a dry run validates and counts without writing', async () => {
    const before = (await people()).length;
    const uploaded = await upload(MESSY_CSV);
    await callOk(app, admin(), 'POST', `/api/v1/imports/${uploaded.id}/start`, { mapping: uploaded.suggested_mapping, dedupe: 'update', dry_run: true });
    const job = await finished(uploaded.id);
    assert.equal(job.status, 'completed');
    assert.deepEqual([job.rows_created, job.rows_updated, job.rows_failed], [3, 2, 2]);
    assert.equal((await people()).length, before);
  });

  test('a messy file imports: phones normalised, duplicates merged, bad rows reported by row, column and reason', async () => {
    const uploaded = await upload(MESSY_CSV);
    await callOk(app, admin(), 'POST', `/api/v1/imports/${uploaded.id}/start`, { mapping: { ...uploaded.suggested_mapping, Заметка: 'notes' }, dedupe: 'update' });
    const job = await finished(uploaded.id);
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.equal(job.progress, 1);
    assert.deepEqual([job.rows_processed, job.rows_created, job.rows_updated, job.rows_failed], [7, 3, 2, 2]);

    const all = await people();
    const anna = all.find((p) => p.email === 'anna@example.ru')!;
    assert.equal(anna.phone, '+79123456789');
    assert.equal(anna.birthday, '1990-02-01');
    assert.equal(anna.lifecycle_stage, 'customer', 'a select accepts its Russian label');
    assert.equal(anna.first_name, 'Анна Сергеевна', 'the later row of the same email wins');
    assert.deepEqual(anna.custom, { tier: 'silver' });
    assert.equal(all.filter((p) => p.email === 'anna@example.ru').length, 1);
    assert.equal(all.find((p) => p.email === 'semen@example.ru')!.last_name, 'Кавычкин; и Ко');
    const existing = await callOk(app, admin(), 'GET', `/api/v1/people/${existingId}`);
    assert.equal(existing.lifecycle_stage, 'partner', 'the matching record is updated');
    assert.equal(existing.job_title, 'Директор', 'fields the file leaves empty are kept');

    const report: Record<string, string>[] = parse((await app.http.inject({ method: 'GET', url: `/api/v1/imports/${uploaded.id}/errors`, headers: admin() })).body, { columns: true });
    assert.deepEqual(report.map((r) => [r.row_number, r.column_name, r.code]), [
      ['4', 'Имя', 'REQUIRED'], ['5', 'E-mail', 'INVALID_EMAIL'], ['5', 'День рождения', 'INVALID_DATE'], ['5', 'Телефон', 'INVALID_FOR_REGION'],
    ], 'each reason has a stable code');
    assert.match(report.find((r) => r.column_name === 'Телефон')!.message!, /phone/, 'the reason itself stays in English');
    const preview = (await app.http.inject({ method: 'GET', url: `/api/v1/imports/${uploaded.id}/errors?limit=1`, headers: admin() })).body;
    assert.equal(preview.trim().split('\n').length, 2, 'a header and one error');

    // Imported records are audited per batch and updated ones per record.
    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=person&action=import');
    assert.equal(audit.data[0].changes.created.after.length, 3);
    const history = await callOk(app, admin(), 'GET', `/api/v1/people/${existingId}/audit`);
    assert.deepEqual(history.data[0].changes.lifecycle_stage, { before: 'prospect', after: 'partner' });
  });

  test('skip mode leaves matching records alone; gzip files import too', async () => {
    const csv = ['first_name,email,phone', 'Олег,existing@example.ru,', 'Новый,new-gz@example.ru,+7 912 111-22-33'].join('\n');
    const uploaded = await upload(gzipSync(csv), 'application/gzip');
    await callOk(app, admin(), 'POST', `/api/v1/imports/${uploaded.id}/start`, { mapping: uploaded.suggested_mapping, dedupe: 'skip' });
    const job = await finished(uploaded.id);
    assert.deepEqual([job.rows_created, job.rows_skipped, job.rows_updated], [1, 1, 0]);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${existingId}`)).first_name, 'Олег');
  });

  test('a file of many batches: repeats fold across batches still being written, and a resumed run starts at its checkpoint', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    // Two-row batches, up to two of them written at once.
    const lines = ['Имя;Email;Телефон'];
    for (let n = 1; n <= 20; n++) lines.push(`Батч${n};batch${n}@example.ru;+7 912 500-00-${String(n).padStart(2, '0')}`);
    // Row 21 opens the batch right after row 20's, which may still be being written.
    lines.push('Повтор20;batch20@example.ru;', 'Повтор3;batch3@example.ru;', 'Повтор4;batch4@example.ru;', 'Повтор19;;+7 912 500-00-19');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-test-')), 'batches.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const principal = (await loadUserPrincipal(app.conn.db, ws.actors.admin.userId, ws.workspace.id))!;
    const ctx = { db: app.conn.db, principal };
    const uploaded = await registerImportFile(ctx, personRecordType, { fileName: 'batches.csv', filePath: file });
    // Started without a queued job: this test runs it, first as far as row 10, as a crashed worker would.
    await startImport(ctx, personRecordType, uploaded.id, { mapping: uploaded.suggested_mapping, dedupe: 'update', dry_run: false }, async () => {});
    let stopAfter10 = false;
    const first = await runImport(app.conn.db, app.records, { workspaceId: ws.workspace.id, importId: uploaded.id }, {
      batchSize: 2,
      onProgress: (p) => {
        if (p.rows_processed >= 10 && !stopAfter10) {
          stopAfter10 = true;
          throw new Error('worker died');
        }
      },
    });
    assert.equal(first.status, 'failed');
    await app.conn.db.updateTable('import_job').set({ status: 'running', finished_at: null, error: null }).where('id', '=', uploaded.id).execute();
    const resumed = await runImport(app.conn.db, app.records, { workspaceId: ws.workspace.id, importId: uploaded.id }, { batchSize: 2 });
    assert.equal(resumed.status, 'completed');
    assert.deepEqual([resumed.rows_processed, resumed.rows_created, resumed.rows_updated, resumed.rows_failed], [24, 20, 4, 0]);

    const imported = (await callOk(app, admin(), 'GET', '/api/v1/people?limit=200&q=example.ru')).data as Person[];
    const batchPeople = imported.filter((p) => p.email?.startsWith('batch') || p.phone?.startsWith('+7912500'));
    assert.equal(batchPeople.length, 20, 'no row was imported twice, however the batches overlapped');
    const byEmail = (email: string) => batchPeople.find((p) => p.email === email)!;
    assert.equal(byEmail('batch3@example.ru').first_name, 'Повтор3');
    assert.equal(byEmail('batch4@example.ru').first_name, 'Повтор4');
    assert.equal(byEmail('batch19@example.ru').first_name, 'Повтор19', 'matched on the phone');
    assert.equal(byEmail('batch20@example.ru').first_name, 'Повтор20', 'a repeat in the batch right after the one with its first row');
  });

  test('the mapping is checked before anything runs', async () => {
    const uploaded = await upload(MESSY_CSV);
    const start = (body: object, headers = admin()) => app.http.inject({ method: 'POST', url: `/api/v1/imports/${uploaded.id}/start`, headers, payload: body });
    assert.equal((await start({ mapping: { Фамилия: 'last_name' } })).json().field, 'mapping', 'a required field is unmapped');
    assert.equal((await start({ mapping: { Имя: 'first_name', Фамилия: 'first_name' } })).json().field, 'mapping.Фамилия');
    assert.equal((await start({ mapping: { Имя: 'first_name', Нет: 'email' } })).json().field, 'mapping.Нет');
    assert.equal((await start({ mapping: { Имя: 'first_name', Фамилия: 'full_name' } })).json().field, 'mapping.Фамилия');
    assert.equal((await start({ mapping: { Имя: 'first_name' } }, ws.actors.operator.headers)).statusCode, 404, 'someone else’s import is invisible');
    const ok = await start({ mapping: { Имя: 'first_name' } });
    assert.equal(ok.statusCode, 202);
    assert.equal((await start({ mapping: { Имя: 'first_name' } })).json().code, 'IMPORT_ALREADY_STARTED');
    await finished(uploaded.id);
  });

  test('imports respect roles and field rules', async () => {
    const denied = await app.http.inject({
      method: 'POST', url: '/api/v1/imports?object_type=person', headers: { ...ws.actors.readOnly.headers, 'content-type': 'text/csv' }, payload: 'first_name\nX',
    });
    assert.equal(denied.statusCode, 403);
    await callOk(app, admin(), 'POST', '/api/v1/roles', {
      key: 'no-birthdays', name: 'No birthdays', permissions: { '*': { actions: ['read', 'create', 'update'], scope: 'own' } },
      field_rules: { person: { birthday: 'readonly' } },
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.operator.userId}`, { role: 'no-birthdays' });
    const uploaded = await upload(MESSY_CSV, 'text/csv', ws.actors.operator.headers);
    assert.equal(uploaded.suggested_mapping['День рождения'], null, 'read-only fields are not offered');
    const res = await app.http.inject({
      method: 'POST', url: `/api/v1/imports/${uploaded.id}/start`, headers: ws.actors.operator.headers,
      payload: { mapping: { Имя: 'first_name', 'День рождения': 'birthday' } },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'mapping.День рождения');
  });

  test('an empty file and a non-CSV body are refused', async () => {
    const empty = await app.http.inject({ method: 'POST', url: '/api/v1/imports?object_type=person', headers: { ...admin(), 'content-type': 'text/csv' }, payload: '\n' });
    assert.equal(empty.json().code, 'IMPORT_FILE_EMPTY');
    const json = await app.http.inject({ method: 'POST', url: '/api/v1/imports?object_type=person', headers: admin(), payload: { first_name: 'x' } });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().field, 'body');
    await settle(app);
  });
});
