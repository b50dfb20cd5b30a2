import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import type { Db } from '../db/database.ts';
import { privacyDepsOf } from './erasure.service.ts';
import { applyRetention } from './retention.service.ts';

type Workspace = Awaited<ReturnType<typeof createTestWorkspace>>;

/**
 * Every place where one of the needles appears in a workspace's data: each text, varchar, jsonb
 * and text[] column of every table in the public schema (rows of the workspace where the table
 * has a workspace_id, every row where it has none), and pg-boss's job data for the workspace.
 */
async function findTraces(db: Db, workspaceId: string, needles: string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; is_tenant: boolean }>`
    select c.table_name, c.column_name,
      exists (select 1 from information_schema.columns w where w.table_schema = 'public' and w.table_name = c.table_name and w.column_name = 'workspace_id') as is_tenant
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and (c.data_type in ('text', 'character varying', 'jsonb', 'json') or c.udt_name in ('_text', '_varchar'))
    order by 1, 2`.execute(db);
  const targets = columns.rows.map((c) => ({
    from: sql.table(c.table_name), column: sql.ref(c.column_name), name: `${c.table_name}.${c.column_name}`,
    scope: c.is_tenant ? sql`workspace_id::text = ${workspaceId}` : sql`true`,
  }));
  for (const table of ['job', 'archive']) {
    const exists = await sql<{ t: string | null }>`select to_regclass(${`pgboss.${table}`})::text as t`.execute(db);
    if (!exists.rows[0]?.t) continue;
    targets.push({
      from: sql.table(`pgboss.${table}`), column: sql.ref('data'), name: `pgboss.${table}.data`,
      scope: sql`(data ->> 'workspaceId' = ${workspaceId} or data ->> 'workspace_id' = ${workspaceId})`,
    });
  }
  const found: string[] = [];
  for (const target of targets) {
    for (const needle of needles) {
      const hit = await sql<{ n: number }>`select count(*)::int as n from ${target.from} where ${target.scope} and ${target.column}::text ilike ${`%${needle}%`}`.execute(db);
      if (hit.rows[0]!.n > 0) found.push(`${target.name} ∋ ${needle}`);
    }
  }
  return found;
}

describe('personal-data rights', () => {
  let app: TestApp;
  let ws: Workspace;
  let other: Workspace;
  let annaId: string;
  let borisId: string;
  let orderId: string;
  const admin = () => ws.actors.admin.headers;
  // The person's identifiers as stored and as typed.
  const needles = ['anna.smirnova@example.ru', 'Anna.Smirnova@Example.ru', 'anna.home@example.ru', '+79123456789', '+7 912 345-67-89', '8 (912) 345-67-89', '9123456789'];

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'privacy');
    other = await createTestWorkspace(app, 'privacy-other');
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'person', key: 'passport', label: 'Паспорт', kind: 'text', classification: 'sensitive' });
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'person', key: 'hobby', label: 'Хобби', kind: 'text' });
    annaId = (await callOk(app, admin(), 'POST', '/api/v1/people', {
      first_name: 'Анна', last_name: 'Смирнова', email: 'Anna.Smirnova@Example.ru', phone: '+7 912 345-67-89',
      other_emails: ['anna.home@example.ru'], city: 'Казань', notes: 'Любит звонки после шести', custom: { passport: '4510 123456', hobby: 'шахматы' },
    })).id;
    borisId = (await callOk(app, admin(), 'POST', '/api/v1/people', {
      first_name: 'Борис', last_name: 'Орлов', email: 'boris@example.ru', phone: '+7 903 111-22-33',
      notes: 'Знает Анну: Anna.Smirnova@Example.ru, 8 (912) 345-67-89',
    })).id;
    await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/people', { first_name: 'Анна', email: 'anna.smirnova@example.ru', phone: '+79123456789' });

    orderId = (await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/shop-1', {
      customer: { email: 'anna.smirnova@example.ru' }, currency: 'RUB', channel: 'online', status: 'paid',
      lines: [{ name: 'Чайник', quantity: 2, unit_price: '2500' }],
    })).id;
    await callOk(app, admin(), 'POST', '/api/v1/activities', {
      kind: 'email', subject: 'Письмо Анне Смирновой', body: 'Здравствуйте, Анна! Перезвоните на +7 912 345-67-89.', person_id: annaId,
    });
    await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'note', subject: 'Общая заметка', body: 'Анна пишет с anna.home@example.ru' });
    await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Анна', email: 'anna.smirnova@example.ru', message: 'Хочу чайник, звоните 8 (912) 345-67-89' });
    await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/events/batch', { events: [
      { id: 'evt-anna-identify', type: 'identify', visitor_id: 'visitor-anna-0001', properties: { email: 'Anna.Smirnova@Example.ru', phone: '+7 912 345-67-89', first_name: 'Анна' } },
      { id: 'evt-anna-page', type: 'page_view', visitor_id: 'visitor-anna-0001', url: 'https://shop.example/thanks?email=anna.smirnova%40example.ru' },
    ] });
    await callOk(app, admin(), 'POST', `/api/v1/people/${annaId}/consents`, {
      channel: 'email', purpose: 'marketing', status: 'granted', proof: { text_version: 'v1', ip: '203.0.113.7', user_agent: 'Kiosk/1.0' },
    });
    await callOk(app, admin(), 'PATCH', `/api/v1/people/${annaId}`, { city: 'Москва' });
    await settle(app);
  });
  after(() => app.close());

  test('the subject-access export lists profile, custom fields, orders, events, consents, activities and audit entries, as JSON and HTML', async () => {
    const started = await app.http.inject({ method: 'POST', url: `/api/v1/people/${annaId}/subject-access`, headers: admin(), payload: { language: 'ru' } });
    assert.equal(started.statusCode, 202, started.body);
    let job = started.json();
    await until(async () => {
      job = await callOk(app, admin(), 'GET', `/api/v1/subject-access-requests/${job.id}`);
      return !['queued', 'running'].includes(job.status);
    }, 60_000);
    assert.equal(job.status, 'completed', job.error ?? '');
    assert.equal(job.sections_done, job.sections_total);
    const json = await app.http.inject({ method: 'GET', url: `/api/v1/subject-access-requests/${job.id}/download?format=json`, headers: admin() });
    const document = json.json() as { sections: { key: string; title: string; items: Record<string, unknown>[] }[] };
    const section = (key: string) => document.sections.find((s) => s.key === key)?.items ?? [];
    assert.equal(section('people.profile')[0]!.email, 'anna.smirnova@example.ru');
    assert.deepEqual(section('platform.custom_fields').map((f) => [f.field, f.classification, f.value]), [['passport', 'sensitive', '4510 123456'], ['hobby', 'plain', 'шахматы']]);
    assert.equal(section('commerce.orders').length, 1);
    assert.ok(section('tracking.events').some((e) => e.type === 'identify'));
    assert.equal(section('consent.consents')[0]!.ip, '203.0.113.7');
    assert.equal(section('activities.activities').length, 1);
    assert.ok(section('timeline.timeline').length > 0);
    assert.ok(section('platform.audit').some((a) => a.entity_id === annaId && a.action === 'update'));
    assert.ok(section('platform.audit').some((a) => a.entity_type === 'order' && a.entity_id === orderId), 'audit entries about their orders too');
    const html = await app.http.inject({ method: 'GET', url: `/api/v1/subject-access-requests/${job.id}/download?format=html`, headers: admin() });
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.match(html.body, /Какие данные о вас мы храним/);
    assert.match(html.body, /Смирнова/);
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where workspace_id = ${ws.workspace.id} and action = 'subject_access' and entity_id = ${annaId}`.execute(app.conn.db);
    assert.equal(audit.rows[0]!.n, 1, 'the request is audited');
  });

  test('erasure is refused to non-administrators and without the typed confirmation', async () => {
    const manager = await app.http.inject({ method: 'POST', url: `/api/v1/people/${annaId}/erase`, headers: ws.actors.manager.headers, payload: { confirm: annaId } });
    assert.equal(manager.statusCode, 403);
    const access = await app.http.inject({ method: 'POST', url: `/api/v1/people/${annaId}/subject-access`, headers: ws.actors.operator.headers, payload: {} });
    assert.equal(access.statusCode, 403);
    const unconfirmed = await app.http.inject({ method: 'POST', url: `/api/v1/people/${annaId}/erase`, headers: admin(), payload: { confirm: borisId } });
    assert.equal(unconfirmed.statusCode, 422);
    assert.equal(unconfirmed.json().code, 'ERASURE_NOT_CONFIRMED');
    const foreign = await app.http.inject({ method: 'POST', url: `/api/v1/people/${annaId}/erase`, headers: other.actors.admin.headers, payload: { confirm: annaId } });
    assert.equal(foreign.statusCode, 404, 'another workspace’s person is not found');
  });

  test('after erasure no column anywhere holds their email or phone; others’ data, order amounts and the other workspace stay', async () => {
    const erased = await callOk(app, admin(), 'POST', `/api/v1/people/${annaId}/erase`, { confirm: annaId });
    assert.ok(erased.total > 0);
    assert.ok(erased.counts['people.person'] === 1 && erased.counts['tracking.tracking_event'] > 0 && erased.counts['platform.audit_log'] > 0, JSON.stringify(erased.counts));
    await settle(app);

    assert.deepEqual(await findTraces(app.conn.db, ws.workspace.id, needles), [], 'no trace of the email or phone in the workspace');
    // The other workspace's own Anna keeps her data: erasure stays inside its workspace.
    const own = await sql<{ email: string | null; phone: string | null }>`select email, phone from person where workspace_id = ${other.workspace.id}`.execute(app.conn.db);
    assert.deepEqual(own.rows, [{ email: 'anna.smirnova@example.ru', phone: '+79123456789' }]);
    assert.ok((await findTraces(app.conn.db, other.workspace.id, ['anna.smirnova@example.ru'])).length > 0);

    const boris = await callOk(app, admin(), 'GET', `/api/v1/people/${borisId}`);
    assert.equal(boris.email, 'boris@example.ru');
    assert.equal(boris.first_name, 'Борис');
    assert.match(boris.notes, /^Знает Анну: \[erased\], \[erased\]$/);
    const anna = await callOk(app, admin(), 'GET', `/api/v1/people/${annaId}`);
    assert.equal(anna.first_name, '[erased]');
    assert.equal(anna.last_name, null);
    assert.equal(anna.city, null);
    const words = await sql<{ word: string }>`select word from search_word where workspace_id = ${ws.workspace.id} and object_type = 'person'`.execute(app.conn.db);
    assert.ok(!words.rows.some((w) => w.word === 'смирнова'), 'the typo-search word list forgets her surname');
    assert.ok(words.rows.some((w) => w.word === 'орлов'), 'and keeps the words of people who remain');
    assert.deepEqual(anna.custom, { hobby: 'шахматы' }, 'plain custom fields stay, sensitive ones go');
    const order = await callOk(app, admin(), 'GET', `/api/v1/orders/${orderId}`);
    assert.equal(Number(order.total), 5000, 'order amounts stay');
    assert.equal(order.person_id, annaId);
    const consent = await sql<{ status: string }>`select status from consent_state where workspace_id = ${ws.workspace.id} and person_id = ${annaId}`.execute(app.conn.db);
    assert.deepEqual(consent.rows, [{ status: 'withdrawn' }], 'erasure withdraws what was granted; the ledger keeps minimal proof');

    const audit = await sql<{ changes: unknown; actor_name: string }>`
      select changes, actor_name from audit_log where workspace_id = ${ws.workspace.id} and entity_id = ${annaId} and action = 'erase'`.execute(app.conn.db);
    assert.equal(audit.rows.length, 1);
    const text = JSON.stringify(audit.rows[0]!.changes);
    for (const value of [...needles, 'Анна', 'Смирнова', '4510', 'Казань']) assert.ok(!text.includes(value), `the erasure's audit entry keeps no ${value}`);
    assert.match(text, /"people.person":1/);
  });

  test('a second erasure finds nothing left to erase and writes nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from audit_log where workspace_id = ${ws.workspace.id}`.execute(app.conn.db);
    const again = await callOk(app, admin(), 'POST', `/api/v1/people/${annaId}/erase`, { confirm: annaId });
    assert.equal(again.total, 0, JSON.stringify(again.counts));
    const afterwards = await sql<{ n: number }>`select count(*)::int as n from audit_log where workspace_id = ${ws.workspace.id}`.execute(app.conn.db);
    assert.equal(afterwards.rows[0]!.n, before.rows[0]!.n);
  });

  test('the audit log stays append-only outside erasure', async () => {
    await assert.rejects(sql`update audit_log set changes = '{}' where workspace_id = ${ws.workspace.id}`.execute(app.conn.db), /append-only/);
    await assert.rejects(sql`delete from audit_log where workspace_id = ${ws.workspace.id}`.execute(app.conn.db), /append-only/);
  });

  test('a retention dry run lists a lead inactive past the rule, and the run erases it', async () => {
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Старый', last_name: 'Лид', email: 'old.lead@example.ru' });
    const fresh = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Свежий', email: 'fresh.lead@example.ru' });
    await sql`update lead set updated_at = now() - interval '6 years' where workspace_id = ${ws.workspace.id} and id = ${lead.id}`.execute(app.conn.db);
    assert.equal((await app.http.inject({ method: 'PUT', url: '/api/v1/personal-data/retention', headers: ws.actors.manager.headers, payload: { lead_retention_years: 5, person_retention_years: null } })).statusCode, 403);
    await callOk(app, admin(), 'PUT', '/api/v1/personal-data/retention', { lead_retention_years: 5, person_retention_years: null });
    const preview = await callOk(app, admin(), 'GET', '/api/v1/personal-data/retention/preview');
    assert.deepEqual(preview.candidates.map((c: { id: string }) => c.id), [lead.id]);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/leads/${lead.id}`)).email, 'old.lead@example.ru', 'the dry run changes nothing');

    const outcome = await applyRetention(app.conn.db, privacyDepsOf(app.modules, app.records), ws.workspace.id);
    assert.equal(outcome.erased, 1);
    const erased = await callOk(app, admin(), 'GET', `/api/v1/leads/${lead.id}`);
    assert.equal(erased.email, null);
    assert.equal(erased.first_name, '[erased]');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/leads/${fresh.id}`)).email, 'fresh.lead@example.ru');
    assert.deepEqual((await callOk(app, admin(), 'GET', '/api/v1/personal-data/retention/preview')).candidates, []);
    assert.deepEqual(await findTraces(app.conn.db, ws.workspace.id, ['old.lead@example.ru']), []);
  });

  test('the processing register lists personal fields by classification, custom fields included, with purpose and retention', async () => {
    const register = await callOk(app, admin(), 'GET', '/api/v1/personal-data/register');
    const person = register.entries.find((e: { table: string }) => e.table === 'person');
    const names = person.fields.map((f: { name: string; classification: string }) => `${f.name}:${f.classification}`);
    assert.ok(names.includes('email:personal') && names.includes('custom.passport:sensitive') && !names.some((n: string) => n.startsWith('custom.hobby')));
    assert.ok(person.purpose.ru && person.retention.en);
    assert.ok(register.entries.some((e: { table: string }) => e.table === 'tracking_event'));
    assert.ok(register.entries.some((e: { table: string; erasure: string }) => e.table === 'consent_entry' && e.erasure === 'kept_minimal'));
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/personal-data/register', headers: ws.actors.operator.headers })).statusCode, 403);
  });
});
