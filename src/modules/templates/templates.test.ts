import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { renderTemplate, validateTemplate } from './index.ts';
import { formatDate, formatMoney, pluralForm, typograph } from './liquid-filters.ts';
import { DEMO_TEMPLATES } from './templates.demo.ts';

const NBSP = '\u00A0';
const mjml = (inner: string) => `<mjml><mj-body><mj-section><mj-column>${inner}</mj-column></mj-section></mj-body></mjml>`;

describe('message templates', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.actors.admin.headers;
  const db = () => app.conn.db;
  const post = (url: string, payload: object, headers = admin()) => app.http.inject({ method: 'POST', url, headers, payload });
  const storedCount = async () => Number((await sql<{ n: number }>`
    select count(*)::int as n from message_template where workspace_id = ${ws.workspace.id}`.execute(db())).rows[0]!.n);
  const text = (body: string, locale: 'ru' | 'en' = 'ru') => ({ channel: 'sms' as const, subject: null, body, locale });

  before(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, mailFrom: 'Shop <no-reply@shop.test>' } });
    ws = await createTestWorkspace(app, 'templates');
    other = await createTestWorkspace(app, 'templates-other');
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  test('Russian plurals pick one, few or many by the count; two forms follow English rules', async () => {
    const forms = ['товар', 'товара', 'товаров'];
    assert.deepEqual([1, 2, 5, 21, 11, 22, 111, 0].map((n) => `${n} ${pluralForm(n, forms)}`),
      ['1 товар', '2 товара', '5 товаров', '21 товар', '11 товаров', '22 товара', '111 товаров', '0 товаров']);
    assert.equal(pluralForm(1.5, forms), 'товара');
    assert.equal(pluralForm(1, ['item', 'items']), 'item');
    assert.equal(pluralForm(3, ['item', 'items']), 'items');
    const rendered = await renderTemplate(db(), ws.workspace.id, text('{% for n in counts %}{{ n }} {{ n | plural: "товар", "товара", "товаров" }};{% endfor %}'), null, { counts: [1, 2, 5, 21, 11] });
    assert.equal(rendered.text, '1 товар;2 товара;5 товаров;21 товар;11 товаров;');
  });

  test('typograph sets «ёлочки», binds short words to the next one and turns a spaced hyphen into an em dash', () => {
    assert.equal(typograph('Он сказал "привет" и ушёл'), `Он сказал «привет» и${NBSP}ушёл`);
    assert.equal(typograph('"Книга "Мастер и Маргарита" у нас"'), `«Книга „Мастер и${NBSP}Маргарита“ у${NBSP}нас»`);
    assert.equal(typograph('Москва - столица'), `Москва${NBSP}— столица`);
    assert.equal(typograph('Доставка — завтра'), `Доставка${NBSP}— завтра`);
    assert.equal(typograph('Подарок в коробке и в пакете'), `Подарок в${NBSP}коробке и${NBSP}в${NBSP}пакете`);
    assert.equal(typograph('рассвет'), 'рассвет', 'letters inside a word are no prepositions');
  });

  test('money and dates follow the recipient’s locale and time zone', async () => {
    assert.equal(formatMoney('1234.5', 'RUB', 'ru'), `1${NBSP}234,50${NBSP}₽`);
    assert.equal(formatMoney('1500', 'RUB', 'ru'), `1${NBSP}500${NBSP}₽`);
    assert.equal(formatMoney('1234.5', 'USD', 'en'), '$1,234.50');
    assert.equal(formatMoney(null, 'RUB', 'ru'), '');
    // 22:30 UTC is already the next day in Vladivostok (UTC+10), and still that day in Moscow (UTC+3: 01:30 next day)...
    const instant = '2026-03-14T22:30:00Z';
    assert.equal(formatDate(instant, 'long', 'ru', 'Asia/Vladivostok'), '15 марта 2026 г.');
    assert.equal(formatDate(instant, 'long', 'en', 'America/New_York'), 'March 14, 2026');
    assert.equal(formatDate(instant, 'time', 'ru', 'Europe/Moscow'), '01:30');
    // ...while a birthday is a calendar day that no time zone moves.
    assert.equal(formatDate('1990-03-15', 'day_month', 'ru', 'America/Los_Angeles'), '15 марта');
    assert.throws(() => formatDate(instant, 'fancy', 'ru', 'UTC'), /unknown style/);

    // In a template, the filters read the person's language and time zone.
    const anna = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Анна', language: 'ru', time_zone: 'Asia/Vladivostok' });
    const john = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'John', language: 'en', time_zone: 'America/New_York' });
    const template = text('{{ amount | money }} {{ at | date: "long" }} {{ amount | money: "EUR" }}');
    const ru = await renderTemplate(db(), ws.workspace.id, template, anna.id, { amount: '2490.9', at: instant });
    const en = await renderTemplate(db(), ws.workspace.id, template, john.id, { amount: '2490.9', at: instant });
    assert.equal(ru.text, `2${NBSP}490,90${NBSP}₽ 15 марта 2026 г. 2${NBSP}490,90${NBSP}€`);
    assert.equal(en.text, `RUB${NBSP}2,490.90 March 14, 2026 €2,490.90`);
  });

  test('empty values fall back to defaults, and a person’s data, company, last order and cart fill the variables', async () => {
    const nameless = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'X' });
    await sql`update person set first_name = '' where workspace_id = ${ws.workspace.id} and id = ${nameless.id}`.execute(db());
    const fallback = await renderTemplate(db(), ws.workspace.id, text('Привет, {{ person.first_name | default: "друг" }}! {{ person.city | default: "Ваш город" }}'), nameless.id);
    assert.equal(fallback.text, 'Привет, друг! Ваш город');

    const company = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО Ромашка' });
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/t-1', {
      customer: { email: 'olga@example.ru', first_name: 'Ольга', last_name: 'Соколова' }, currency: 'RUB', status: 'paid',
      lines: [{ name: 'Чайник', quantity: 2, unit_price: '2500' }, { name: 'Плед', quantity: 1, unit_price: '1800' }],
    });
    const olga = (await callOk(app, admin(), 'GET', `/api/v1/people?q=${encodeURIComponent('olga@example.ru')}`)).data[0];
    await callOk(app, admin(), 'PATCH', `/api/v1/people/${olga.id}`, { company_id: company.id, city: 'Казань' });
    await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/events/batch', { events: [
      { id: 'tpl-cart-1', type: 'add_to_cart', person_id: olga.id, properties: { sku: 'MUG-1', name: 'Кружка', quantity: 3, price: 450, currency: 'RUB' } },
    ] });
    const rendered = await renderTemplate(db(), ws.workspace.id, text([
      '{{ person.first_name }} {{ person.last_name }} из {{ person.city }}, {{ company.name }}.',
      'Заказ {{ order.number }}: {% for line in order.lines %}{{ line.name }}×{{ line.quantity }}={{ line.amount | money }};{% endfor %} итого {{ order.total | money }}.',
      'В корзине {{ cart.item_count }} {{ cart.item_count | plural: "товар", "товара", "товаров" }}: {{ cart.items.first.name }} на {{ cart.value | money: cart.currency }}.',
      '{{ workspace.name }} {{ workspace.currency }} {{ recommendations.size }}',
    ].join('\n')), olga.id);
    assert.equal(rendered.text, [
      'Ольга Соколова из Казань, ООО Ромашка.',
      `Заказ t-1: Чайник×2=5${NBSP}000${NBSP}₽;Плед×1=1${NBSP}800${NBSP}₽; итого 6${NBSP}800${NBSP}₽.`,
      `В корзине 3 товара: Кружка на 1${NBSP}350${NBSP}₽.`,
      'Workspace templates RUB 0',
    ].join('\n'));
  });

  test('an email template becomes responsive HTML with a plain-text part, and person values are escaped in the HTML', async () => {
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Иван <b>' });
    const rendered = await renderTemplate(db(), ws.workspace.id, {
      channel: 'email', locale: 'ru', subject: 'Привет, {{ person.first_name }}',
      body: mjml('<mj-text>Здравствуйте, {{ person.first_name }}!</mj-text><mj-button href="https://shop.example/c">В каталог</mj-button>'),
    }, person.id);
    assert.equal(rendered.subject, 'Привет, Иван <b>');
    assert.match(rendered.html!, /<!doctype html>/i);
    assert.match(rendered.html!, /@media only screen and \(min-width:480px\)/, 'MJML’s responsive columns');
    assert.match(rendered.html!, /Здравствуйте, Иван &lt;b&gt;!/);
    assert.match(rendered.text, /Здравствуйте, Иван <b>!/);
    assert.match(rendered.text, /В КАТАЛОГ \[https:\/\/shop\.example\/c\]|В каталог \[https:\/\/shop\.example\/c\]/);
    assert.doesNotMatch(rendered.text, /<\/?(div|table|td)/);
  });

  test('invalid Liquid or MJML is refused on save with the field, the line and nothing stored', async () => {
    const before = await storedCount();
    const base = { name: 'Сломанный', channel: 'email', purpose: 'marketing', locale: 'ru', subject: 'Тема' };
    const cases: { body?: string; subject?: string; field: string; message: RegExp }[] = [
      { body: mjml('<mj-text>\n{{ person.first_name | shout }}</mj-text>'), field: 'body', message: /undefined filter: shout \(line 2, column 1\)/ },
      { body: mjml('<mj-text>{% if person.first_name %}Привет</mj-text>'), field: 'body', message: /not closed \(line 1/ },
      { subject: 'Привет, {{ person.first_name ', field: 'subject', message: /not closed/ },
      { body: mjml('<mj-text>{{ 5 | plural: "один" }}</mj-text>'), field: 'body', message: /plural: give two forms/ },
      { body: mjml('<mj-text>{{ "now" | date: "fancy" }}</mj-text>'), field: 'body', message: /unknown style/ },
      { body: mjml('<mj-text>Привет</mj-text><mj-unknown />'), field: 'body', message: /MJML: Element mj-unknown doesn't exist/ },
      { body: mjml('<mj-text>{% include "secrets" %}</mj-text>'), field: 'body', message: /secrets/ },
      { body: mjml('<mj-text>{% for i in (1..100000000) %}{{ i }}{% endfor %}</mj-text>'), field: 'body', message: /limit/i },
    ];
    for (const c of cases) {
      const res = await post('/api/v1/templates', { ...base, ...(c.body ? { body: c.body } : { body: mjml('<mj-text>ok</mj-text>') }), ...(c.subject ? { subject: c.subject } : {}) });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      const problem = res.json();
      assert.equal(problem.code, 'TEMPLATE_INVALID');
      assert.equal(problem.field, c.field);
      assert.match(problem.detail, c.message);
    }
    const noSubject = await post('/api/v1/templates', { ...base, subject: null, body: mjml('<mj-text>ok</mj-text>') });
    assert.equal(noSubject.statusCode, 400);
    assert.equal(noSubject.json().field, 'subject');
    assert.equal(await storedCount(), before);

    // An update that breaks a stored template is refused too, and the stored one stays as it was.
    const saved = await callOk(app, admin(), 'POST', '/api/v1/templates', { ...base, name: 'Рабочий', body: mjml('<mj-text>Привет</mj-text>') });
    const broken = await app.http.inject({ method: 'PATCH', url: `/api/v1/templates/${saved.id}`, headers: admin(), payload: { body: '{% for %}' } });
    assert.equal(broken.statusCode, 422);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/templates/${saved.id}`)).body, saved.body);
  });

  test('create, update and delete are audited; operators may read but not write; names are unique', async () => {
    const created = await callOk(app, admin(), 'POST', '/api/v1/templates', { name: 'VIP', channel: 'telegram', purpose: 'marketing', locale: 'ru', body: 'Привет, {{ person.first_name | default: "друг" }}' });
    assert.equal(created.subject, null);
    await callOk(app, admin(), 'PATCH', `/api/v1/templates/${created.id}`, { body: 'Здравствуйте, {{ person.first_name | default: "друг" }}' });
    const taken = await post('/api/v1/templates', { name: 'vip', channel: 'sms', purpose: 'marketing', locale: 'ru', body: 'x' });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().field, 'name');
    const audit = (await sql<{ action: string; changes: Record<string, unknown> }>`
      select action, changes from audit_log where workspace_id = ${ws.workspace.id} and entity_type = 'message_template' and entity_id = ${created.id} order by occurred_at`.execute(db())).rows;
    assert.deepEqual(audit.map((a) => a.action), ['create', 'update']);
    assert.deepEqual(Object.keys(audit[1]!.changes), ['body']);

    const operator = ws.actors.operator.headers;
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/templates', headers: operator })).statusCode, 200);
    assert.equal((await post('/api/v1/templates', { name: 'Оператор', channel: 'sms', purpose: 'marketing', locale: 'ru', body: 'x' }, operator)).statusCode, 403);
    assert.equal((await post('/api/v1/templates', { name: 'Менеджер', channel: 'sms', purpose: 'marketing', locale: 'ru', body: 'x' }, ws.actors.manager.headers)).statusCode, 201);

    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/templates/${created.id}`, headers: admin() })).statusCode, 204);
    const actions = (await sql<{ action: string }>`select action from audit_log where workspace_id = ${ws.workspace.id} and entity_id = ${created.id} order by occurred_at`.execute(db())).rows;
    assert.deepEqual(actions.map((a) => a.action), ['create', 'update', 'delete']);
    const strict = await post('/api/v1/templates', { name: 'x', channel: 'sms', purpose: 'marketing', locale: 'ru', body: 'x', extra: 1 });
    assert.equal(strict.statusCode, 400);
  });

  test('preview renders as a person the reader may read; other people and other workspaces answer 404', async () => {
    const template = await callOk(app, admin(), 'POST', '/api/v1/templates', {
      name: 'Предпросмотр', channel: 'email', purpose: 'marketing', locale: 'ru', subject: 'Для {{ person.first_name }}', body: mjml('<mj-text>Привет, {{ person.first_name }}</mj-text>'),
    });
    const admins = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Админова' });
    const operatorsOwn = await callOk(app, ws.actors.operator.headers, 'POST', '/api/v1/people', { first_name: 'Операторова' });
    const foreign = await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/people', { first_name: 'Чужая' });

    const asAdmin = await callOk(app, admin(), 'POST', `/api/v1/templates/${template.id}/preview`, { person_id: admins.id });
    assert.equal(asAdmin.subject, 'Для Админова');
    assert.match(asAdmin.html, /Привет, Админова/);
    assert.match(asAdmin.text, /Привет, Админова/);
    const sample = await callOk(app, admin(), 'POST', `/api/v1/templates/${template.id}/preview`, {});
    assert.equal(sample.subject, 'Для Анна');

    const operator = ws.actors.operator.headers;
    assert.equal((await callOk(app, operator, 'POST', `/api/v1/templates/${template.id}/preview`, { person_id: operatorsOwn.id })).subject, 'Для Операторова');
    const outOfScope = await post(`/api/v1/templates/${template.id}/preview`, { person_id: admins.id }, operator);
    assert.equal(outOfScope.statusCode, 404);
    assert.equal((await post(`/api/v1/templates/${template.id}/preview`, { person_id: foreign.id })).statusCode, 404);
    assert.equal((await post(`/api/v1/templates/${template.id}/preview`, {}, other.actors.admin.headers)).statusCode, 404, 'a template of another workspace');
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/templates', headers: other.actors.admin.headers })).json().data.length, 0);

    const draft = await callOk(app, admin(), 'POST', '/api/v1/templates/preview', { person_id: admins.id, template: { channel: 'sms', body: '{{ person.first_name | upcase }}' } });
    assert.equal(draft.text, 'АДМИНОВА');
    const badDraft = await post('/api/v1/templates/preview', { template: { channel: 'sms', body: 'a\nb {{ x | nope }}' } });
    assert.equal(badDraft.statusCode, 422);
    assert.match(badDraft.json().detail, /line 2, column 3/);
  });

  test('a test send reaches the member’s own address at a real SMTP server, with HTML and text parts', async () => {
    const template = await callOk(app, admin(), 'POST', '/api/v1/templates', {
      name: 'Тестовая отправка', channel: 'email', purpose: 'marketing', locale: 'ru', subject: 'Скидка для {{ person.first_name }}',
      body: mjml('<mj-text>{{ person.first_name }}, у вас {{ 3 | plural: "бонус", "бонуса", "бонусов" }}</mj-text>'),
    });
    const person = await callOk(app, ws.actors.manager.headers, 'POST', '/api/v1/people', { first_name: 'Мария' });
    const sent = await callOk(app, ws.actors.manager.headers, 'POST', `/api/v1/templates/${template.id}/test-send`, { person_id: person.id });
    assert.equal(sent.to, ws.actors.manager.email);
    await until(async () => smtp.received.some((m) => m.subject === '[TEST] Скидка для Мария'));
    const mail = smtp.received.find((m) => m.subject === '[TEST] Скидка для Мария')!;
    assert.equal((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.text, ws.actors.manager.email);
    assert.match(mail.html as string, /Мария, у вас бонуса/);
    assert.match(mail.text!, /Мария, у вас бонуса/);
    assert.equal((await post(`/api/v1/templates/${template.id}/test-send`, {}, ws.actors.operator.headers)).statusCode, 403);
  });

  test('every demo template is valid and renders for a sample person', async () => {
    for (const template of DEMO_TEMPLATES) {
      const rendered = await validateTemplate(db(), ws.workspace.id, template);
      assert.ok(rendered.text.length > 20, template.name);
      if (template.channel === 'email') assert.ok(rendered.subject && rendered.html, template.name);
    }
  });
});
