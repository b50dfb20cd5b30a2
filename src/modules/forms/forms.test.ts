import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

const callback = {
  name: 'Обратный звонок',
  target: 'lead',
  title: { ru: 'Перезвоните мне', en: 'Call me back' },
  fields: [
    { target: 'first_name', label: { ru: 'Имя', en: 'Name' }, is_required: true },
    { target: 'phone', label: { ru: 'Телефон', en: 'Phone' }, is_required: true },
    { target: 'email', label: { ru: 'Email', en: 'Email' } },
    { target: 'message', label: { ru: 'Вопрос', en: 'Question' } },
  ],
  consent: {
    text: { ru: 'Согласен на обработку персональных данных и получение рассылок', en: 'I agree to the processing of my data and to newsletters' },
    version: 'pd-2026-11', is_required: true, channels: ['email', 'sms'], purposes: ['marketing', 'personal_data_processing'],
  },
  success_message: { ru: 'Спасибо! Мы перезвоним в течение часа.', en: 'Thank you! We will call you back within an hour.' },
};

describe('web forms', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  let formId: string;

  const admin = () => ws.actors.admin.headers;
  const post = (id: string, body: Record<string, string>, headers: Record<string, string> = {}) => app.http.inject({
    method: 'POST', url: `/f/${id}?lang=ru`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'FormTest/1.0', ...headers },
    payload: new URLSearchParams(body).toString(),
  });
  const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${ws.workspace.id}`.execute(app.conn.db)).rows[0]!.n;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'forms');
    other = await createTestWorkspace(app, 'forms-other');
    const created = await callOk(app, admin(), 'POST', '/api/v1/forms', callback);
    formId = created.id;
    assert.match(created.hosted_url, new RegExp(`/f/${formId}$`));
    assert.match(created.embed_snippet, /embed\.js/);
  });
  after(() => app.close());

  test('the hosted page shows the fields, the consent text and a hidden honeypot, in the visitor’s language', async () => {
    const ru = await app.http.inject({ method: 'GET', url: `/f/${formId}` });
    assert.equal(ru.statusCode, 200);
    assert.match(ru.body, /Перезвоните мне/);
    assert.match(ru.body, /Согласен на обработку/);
    assert.match(ru.body, /name="website"/);
    const en = await app.http.inject({ method: 'GET', url: `/f/${formId}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.match(en.body, /Call me back/);
    assert.equal((await app.http.inject({ method: 'GET', url: `/f/${formId}/embed.js` })).statusCode, 200);
  });

  test('bad values come back with friendly errors next to their fields, and nothing is stored', async () => {
    const before = [await count('person'), await count('lead'), await count('consent_entry')];
    const res = await post(formId, { first_name: '', phone: '12', email: 'not-an-email' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Заполните это поле/);
    assert.match(res.body, /Похоже, в номере ошибка/);
    assert.match(res.body, /Без согласия мы не можем принять заявку/);
    assert.match(res.body, /value="not-an-email"/, 'what the visitor typed stays in the form');
    const json = await app.http.inject({ method: 'POST', url: `/f/${formId}`, headers: { 'content-type': 'application/json' }, payload: { first_name: 'Анна', phone: '12', consent: true } });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().field, 'phone');
    assert.deepEqual([await count('person'), await count('lead'), await count('consent_entry')], before);
  });

  test('a submission creates the person, the lead and the consents with their proof, in one go', async () => {
    const res = await post(formId, { first_name: 'Анна', phone: '8 (912) 345-67-89', email: 'Anna@Example.ru', message: 'Нужен тур в Сочи', consent: 'yes' }, { 'x-forwarded-for': '203.0.113.7' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Спасибо! Мы перезвоним/);
    const people = await callOk(app, admin(), 'GET', '/api/v1/people?q=anna@example.ru');
    assert.equal(people.data.length, 1);
    const person = people.data[0];
    assert.equal(person.phone, '+79123456789');
    const leads = await callOk(app, admin(), 'GET', '/api/v1/leads?q=anna@example.ru');
    assert.equal(leads.data.length, 1);
    assert.equal(leads.data[0].source, 'form: Обратный звонок');
    assert.equal(leads.data[0].channel, 'website');
    const consents = await sql<{ channel: string; purpose: string; status: string; source: string; text_version: string; user_agent: string }>`
      select channel, purpose, status, source, text_version, user_agent from consent_entry where workspace_id = ${ws.workspace.id} and person_id = ${person.id}
      order by channel, purpose`.execute(app.conn.db);
    assert.deepEqual(consents.rows.map((c) => `${c.channel}/${c.purpose}/${c.status}/${c.source}/${c.text_version}/${c.user_agent}`), [
      'email/marketing/granted/form/pd-2026-11/FormTest/1.0', 'email/personal_data_processing/granted/form/pd-2026-11/FormTest/1.0',
      'sms/marketing/granted/form/pd-2026-11/FormTest/1.0', 'sms/personal_data_processing/granted/form/pd-2026-11/FormTest/1.0',
    ]);
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}`);
    assert.ok(timeline.data.some((e: { event: string }) => e.event === 'form.submitted'));

    // The same person writing again is matched, not created twice.
    assert.equal((await post(formId, { first_name: 'Анна', phone: '+7 912 345 67 89', consent: 'yes' })).statusCode, 200);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/people?q=anna@example.ru')).data.length, 1);
    assert.equal(await count('web_form_submission'), 2);
  });

  test('a bot that fills the honeypot is thanked and nothing is stored', async () => {
    const before = await count('web_form_submission');
    const res = await post(formId, { first_name: 'Bot', phone: '+79001112233', consent: 'yes', website: 'http://spam.example' });
    assert.equal(res.statusCode, 200);
    assert.equal(await count('web_form_submission'), before);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/people?q=79001112233')).data.length, 0);
  });

  test('a description can be added and removed again', async () => {
    const described = await callOk(app, admin(), 'PATCH', `/api/v1/forms/${formId}`, { description: { ru: 'Ответим за час', en: 'We answer within an hour' } });
    assert.equal(described.description.ru, 'Ответим за час');
    assert.match((await app.http.inject({ method: 'GET', url: `/f/${formId}` })).body, /Ответим за час/);
    const undescribed = await callOk(app, admin(), 'PATCH', `/api/v1/forms/${formId}`, { description: null });
    assert.equal(undescribed.description ?? null, null);
    assert.doesNotMatch((await app.http.inject({ method: 'GET', url: `/f/${formId}` })).body, /Ответим за час/);
  });

  test('a closed form says so; forms are settings only admins change, per workspace', async () => {
    const closed = await callOk(app, admin(), 'PATCH', `/api/v1/forms/${formId}`, { is_active: false });
    assert.equal(closed.consent.version, 'pd-2026-11', 'a partial change keeps what it does not name');
    assert.equal(closed.fields.length, 4);
    assert.equal((await app.http.inject({ method: 'GET', url: `/f/${formId}` })).statusCode, 410);
    assert.equal((await post(formId, { first_name: 'Анна', phone: '+79123456789', consent: 'yes' })).statusCode, 410);
    const operator = await app.http.inject({ method: 'POST', url: '/api/v1/forms', headers: ws.actors.operator.headers, payload: { ...callback, name: 'Другая' } });
    assert.equal(operator.statusCode, 403);
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/forms/${formId}`, headers: other.actors.admin.headers })).statusCode, 404);
    const noContact = await app.http.inject({ method: 'POST', url: '/api/v1/forms', headers: admin(), payload: { ...callback, name: 'Без контакта', fields: [callback.fields[0]] } });
    assert.equal(noContact.statusCode, 400);
    assert.equal(noContact.json().field, 'fields');
  });
});
