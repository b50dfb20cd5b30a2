import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { deliverMessage } from './deliver.job.ts';
import { markClicked, markOpened } from './index.ts';

interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  at: number;
}

/**
 * One loopback server for both providers: a JSON SMS gateway (`POST /sms/send` → `{id}`) and the
 * Telegram Bot API method Rapport uses (`POST /bot<token>/sendMessage`). It records each request.
 */
async function startProviders() {
  const requests: Recorded[] = [];
  let nextId = 1000;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push({ path: request.url ?? '', headers: request.headers, body, at: Date.now() });
      response.setHeader('content-type', 'application/json');
      if (request.url === '/sms/send') {
        if (request.headers.authorization !== 'Bearer sms-token') return response.writeHead(401).end(JSON.stringify({ error: 'bad token' }));
        return response.end(JSON.stringify({ id: `sms-${++nextId}` }));
      }
      if (request.url === '/botTEST:token/sendMessage') {
        if (body.chat_id === '13') return response.writeHead(403).end(JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }));
        return response.end(JSON.stringify({ ok: true, result: { message_id: ++nextId, chat: { id: Number(body.chat_id) }, text: body.text } }));
      }
      response.writeHead(404).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { requests, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const SMS_REPORT_SECRET = 'sms-report-secret-0123456789';
const TELEGRAM_SECRET = 'telegram-webhook-secret-0123';

describe('messaging: channels, statuses and the sending rules', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let providers: Awaited<ReturnType<typeof startProviders>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;
  let keyNumber = 0;

  const settingsBody = (overrides: Record<string, unknown> = {}) => ({
    quiet_hours: null,
    frequency_cap: { max_messages: 3, period_days: 7 },
    fallback_order: ['email', 'telegram', 'sms'],
    email: {
      from: 'Shop <news@shop.test>', unsubscribe_mailto: 'unsubscribe@shop.test', max_connections: 2, rate_per_second: 100,
      dkim_domain: 'shop.test', dkim_selector: 'rapport', dkim_private_key: privateKey,
    },
    sms: { provider_url: `${providers.url}/sms/send`, sender: 'SHOP', rate_per_second: 100, token: 'sms-token', report_secret: SMS_REPORT_SECRET },
    telegram: { bot_username: 'rapport_test_bot', api_base_url: providers.url, rate_per_second: 100, bot_token: 'TEST:token', webhook_secret: TELEGRAM_SECRET },
    ...overrides,
  });
  const newPerson = async (fields: Record<string, unknown> = {}, headers: Record<string, string> = admin()) =>
    (await callOk(app, headers, 'POST', '/api/v1/people', { first_name: 'Анна', last_name: 'Петрова', ...fields })).id as string;
  const grant = (personId: string, channel: string, purpose = 'marketing', status = 'granted') =>
    callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel, purpose, status });
  const queue = (body: Record<string, unknown>, headers: Record<string, string> = admin()) =>
    app.http.inject({ method: 'POST', url: '/api/v1/messaging/messages', headers, payload: { idempotency_key: `test-${++keyNumber}`, ...body } });
  const queueOk = async (body: Record<string, unknown>) => {
    const res = await queue(body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; status: string };
  };
  const marketingMail = (personId: string, extra: Record<string, unknown> = {}) => ({
    person_id: personId, channel: 'email', purpose: 'marketing', source: 'campaign',
    content: { subject: 'Осенняя распродажа', html: '<p>Скидки <b>до 30%</b></p>', text: 'Скидки до 30%' }, ...extra,
  });
  const message = (id: string, headers: Record<string, string> = admin()) => callOk(app, headers, 'GET', `/api/v1/messaging/messages/${id}`);
  const settled = async (id: string) => {
    let last: { status: string } | undefined;
    await until(async () => {
      last = await message(id);
      return !['queued', 'sending'].includes(last!.status);
    }, 30_000);
    return message(id);
  };
  const mailsTo = (address: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(address));

  before(async () => {
    smtp = await startSmtpSink();
    providers = await startProviders();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, publicUrl: 'http://crm.example.test', mailFrom: 'Rapport <no-reply@crm.example.test>' } });
    ws = await createTestWorkspace(app, 'messaging');
    other = await createTestWorkspace(app, 'messaging-other');
    await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', settingsBody());
  });
  after(async () => {
    await app.close();
    await smtp.close();
    await providers.close();
  });

  test('an email arrives with its html and text, one-click unsubscribe headers, a DKIM signature and a stable Message-ID; the person’s timeline shows it', async () => {
    const personId = await newPerson({ email: 'anna@example.test' });
    await grant(personId, 'email');
    const queued = await queueOk(marketingMail(personId));
    assert.equal(queued.status, 'queued');
    const sent = await settled(queued.id);
    assert.equal(sent.status, 'sent', JSON.stringify(sent));
    assert.equal(sent.address, 'anna@example.test');
    await until(() => mailsTo('anna@example.test').length === 1);
    const mail = mailsTo('anna@example.test')[0]!;
    assert.equal(mail.subject, 'Осенняя распродажа');
    assert.match(String(mail.html), /Скидки <b>до 30%<\/b>/);
    assert.equal(mail.text?.trim(), 'Скидки до 30%');
    assert.equal(mail.messageId, `<${queued.id}@crm.example.test>`);
    assert.equal(mail.from?.value[0]?.address, 'news@shop.test');
    const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line;
    const listUnsubscribe = header('list-unsubscribe') ?? '';
    assert.match(listUnsubscribe, /<http:\/\/crm\.example\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>/);
    assert.match(listUnsubscribe, /<mailto:unsubscribe@shop\.test\?subject=unsubscribe>/);
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const dkim = header('dkim-signature') ?? '';
    assert.match(dkim, /d=shop\.test/);
    assert.match(dkim, /s=rapport/);
    assert.deepEqual(sent.history.map((h: { status: string }) => h.status), ['queued', 'sent']);

    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${personId}`);
    const events = timeline.data.map((e: { event: string }) => e.event);
    assert.ok(events.includes('message.sent'), events.join(', '));
  });

  test('the one-click link in the headers withdraws consent, and the next marketing mail is skipped with that reason', async () => {
    const personId = await newPerson({ email: 'boris@example.test' });
    await grant(personId, 'email');
    assert.equal((await settled((await queueOk(marketingMail(personId))).id)).status, 'sent');
    await until(() => mailsTo('boris@example.test').length === 1);
    const line = mailsTo('boris@example.test')[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = new URL(/<(http[^>]+)>/.exec(line)![1]!);
    const res = await app.http.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(res.statusCode, 200, res.body);
    const skipped = await settled((await queueOk(marketingMail(personId))).id);
    assert.equal(skipped.status, 'skipped');
    assert.equal(skipped.skip_reason, 'withdrawn');
    assert.equal(mailsTo('boris@example.test').length, 1);

    const never = await newPerson({ email: 'never@example.test' });
    assert.equal((await settled((await queueOk(marketingMail(never))).id)).skip_reason, 'no_consent');
    const noAddress = await newPerson();
    assert.equal((await settled((await queueOk(marketingMail(noAddress))).id)).skip_reason, 'no_address');
  });

  test('quiet hours defer marketing to their end in the recipient’s time zone; other zones and transactional mail go now', async () => {
    const zone = 'Asia/Vladivostok';
    const hourIn = (timeZone: string, at = new Date()) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
    const hour = hourIn(zone);
    const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', settingsBody({ quiet_hours: { start: pad(hour), end: pad(hour + 2) } }));
    try {
      const far = await newPerson({ email: 'vlad@example.test', time_zone: zone });
      await grant(far, 'email');
      const deferred = await queueOk(marketingMail(far));
      await until(async () => (await message(deferred.id)).scheduled_for !== null, 30_000);
      const view = await message(deferred.id);
      assert.equal(view.status, 'queued');
      const endsAt = new Date(view.scheduled_for);
      assert.ok(endsAt.getTime() > Date.now() && endsAt.getTime() <= Date.now() + 2 * 3600_000, view.scheduled_for);
      assert.equal(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(endsAt), pad(hour + 2));
      assert.equal(view.history.at(-1).status, 'deferred');
      assert.equal(mailsTo('vlad@example.test').length, 0);

      // Ten hours west, the same moment is outside the quiet hours.
      const near = await newPerson({ email: 'london@example.test', time_zone: 'Europe/London' });
      await grant(near, 'email');
      assert.equal((await settled((await queueOk(marketingMail(near))).id)).status, 'sent');
      const receipt = await queueOk({ ...marketingMail(far), purpose: 'transactional', content: { subject: 'Ваш заказ', text: 'Заказ принят' } });
      assert.equal((await settled(receipt.id)).status, 'sent');
    } finally {
      await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', settingsBody());
    }
  });

  test('the frequency cap skips the fourth marketing message in a week but not a transactional one', async () => {
    const personId = await newPerson({ email: 'often@example.test' });
    await grant(personId, 'email');
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await queueOk({ ...marketingMail(personId), source: i % 2 ? 'journey' : 'campaign' })).id);
    const results = await Promise.all(ids.map(settled));
    assert.deepEqual(results.map((m) => m.status).sort(), ['sent', 'sent', 'sent', 'skipped']);
    assert.equal(results.find((m) => m.status === 'skipped').skip_reason, 'frequency_cap');
    const receipt = await queueOk({ ...marketingMail(personId), purpose: 'transactional', content: { subject: 'Чек', text: 'Спасибо за покупку' } });
    assert.equal((await settled(receipt.id)).status, 'sent');
    await until(() => mailsTo('often@example.test').length === 4);
  });

  test('the same idempotency key queues one message and one delivery, even when the job runs again', async () => {
    const personId = await newPerson({ email: 'once@example.test' });
    await grant(personId, 'email');
    const key = `journey:0190c8a4-0000-7000-8000-000000000001:step:1:person:${personId}`;
    const first = await queue({ ...marketingMail(personId), idempotency_key: key });
    const second = await queue({ ...marketingMail(personId), idempotency_key: key });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().id, first.json().id);
    assert.equal((await settled(first.json().id)).status, 'sent');
    // A redelivered job (a crash after the send, a duplicate worker) finds the message sent and sends nothing.
    await deliverMessage({ db: app.conn.db, config: app.config, log: pino({ level: 'silent' }) }, ws.workspace.id, first.json().id);
    await settle(app);
    assert.equal(mailsTo('once@example.test').length, 1);
    const rows = await sql<{ n: number }>`select count(*)::int as n from message where workspace_id = ${ws.workspace.id} and idempotency_key = ${key}`.execute(app.conn.db);
    assert.equal(rows.rows[0]!.n, 1);
  });

  test('a DSN bounce marks the message bounced and suppresses the address; the next send is skipped', async () => {
    const personId = await newPerson({ email: 'gone@example.test' });
    await grant(personId, 'email');
    const sent = await settled((await queueOk(marketingMail(personId))).id);
    assert.equal(sent.status, 'sent');
    const dsn = [
      'From: MAILER-DAEMON@mx.example.test', 'To: news@shop.test', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
      '--B', 'Content-Type: text/plain', '', 'The mail could not be delivered.', '',
      '--B', 'Content-Type: message/delivery-status', '',
      'Reporting-MTA: dns; mx.example.test', '',
      'Final-Recipient: rfc822; gone@example.test', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 No such user', '',
      '--B', 'Content-Type: text/rfc822-headers', '',
      `Message-ID: <${sent.id}@crm.example.test>`, 'Subject: Осенняя распродажа', '',
      '--B--', '',
    ].join('\r\n');
    const bad = await app.http.inject({ method: 'POST', url: '/api/v1/messaging/bounces', headers: { ...admin(), 'content-type': 'message/rfc822' }, payload: 'Subject: hello\r\n\r\nnot a report' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'MESSAGING_DSN_INVALID');
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/messaging/bounces', headers: { ...admin(), 'content-type': 'message/rfc822' }, payload: dsn });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { suppressed: ['gone@example.test'], bounced_message_ids: [sent.id] });
    const bounced = await message(sent.id);
    assert.equal(bounced.status, 'bounced');
    assert.ok(bounced.bounced_at);
    const next = await settled((await queueOk({ ...marketingMail(personId), purpose: 'service' })).id);
    assert.equal(next.status, 'skipped');
    assert.equal(next.skip_reason, 'suppressed');
    assert.equal(mailsTo('gone@example.test').length, 1);
  });

  test('an SMS goes through the HTTP provider and its delivery report marks it delivered', async () => {
    const personId = await newPerson({ phone: '+7 916 123-45-67' });
    const sent = await settled((await queueOk({ person_id: personId, channel: 'sms', purpose: 'service', content: { text: 'Ваш заказ готов к выдаче' } })).id);
    assert.equal(sent.status, 'sent', JSON.stringify(sent));
    const request = providers.requests.find((r) => r.path === '/sms/send' && r.body.ref === sent.id)!;
    assert.deepEqual(request.body, { to: '+79161234567', text: 'Ваш заказ готов к выдаче', ref: sent.id, sender: 'SHOP' });
    assert.match(sent.provider_message_id, /^sms-\d+$/);

    const report = (secret: string, body: object) => app.http.inject({ method: 'POST', url: '/api/v1/messaging/sms/reports', headers: { 'x-messaging-secret': secret }, payload: body });
    const refused = await report('wrong-secret-0123456789', { provider_message_id: sent.provider_message_id, status: 'delivered' });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().code, 'MESSAGING_SECRET_INVALID');
    const applied = await report(SMS_REPORT_SECRET, { provider_message_id: sent.provider_message_id, status: 'delivered' });
    assert.deepEqual(applied.json(), { is_applied: true });
    const delivered = await message(sent.id);
    assert.equal(delivered.status, 'delivered');
    assert.ok(delivered.delivered_at);
  });

  test('a Telegram deep link links the chat on /start, messages reach the Bot API, and a reply makes Telegram the auto channel', async () => {
    const personId = await newPerson({ email: 'tg@example.test' });
    await grant(personId, 'email');
    await grant(personId, 'messenger');
    const link = await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/telegram-link`);
    const url = new URL(link.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://t.me/rapport_test_bot');
    const token = url.searchParams.get('start')!;
    assert.match(token, /^[A-Za-z0-9_-]{1,64}$/);

    const update = (text: string, secret = TELEGRAM_SECRET) => app.http.inject({
      method: 'POST', url: '/api/v1/messaging/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: { update_id: 1, message: { message_id: 1, chat: { id: 777001 }, text } },
    });
    assert.equal((await update(`/start ${token}`, 'not-the-secret-0123456789')).statusCode, 401);
    assert.deepEqual((await update(`/start ${token}`)).json(), { outcome: 'linked' });
    assert.deepEqual((await update(`/start ${token}`)).json(), { outcome: 'ignored' });

    // Email comes first in the fallback order until the person answers on Telegram.
    const before = await settled((await queueOk({ ...marketingMail(personId), channel: 'auto' })).id);
    assert.equal(before.channel, 'email');
    assert.deepEqual((await update('Спасибо!')).json(), { outcome: 'responded' });
    const sent = await settled((await queueOk({ ...marketingMail(personId), channel: 'auto', content: { subject: 'Акция', text: 'Скидка 10% сегодня' } })).id);
    assert.equal(sent.status, 'sent', JSON.stringify(sent));
    assert.equal(sent.channel, 'telegram');
    assert.equal(sent.address, '777001');
    const request = providers.requests.find((r) => r.path === '/botTEST:token/sendMessage' && r.body.text === 'Скидка 10% сегодня')!;
    assert.equal(request.body.chat_id, '777001');

    // A bot the person blocked is a permanent failure, not a retry loop.
    await sql`update messaging_channel_address set address = '13' where workspace_id = ${ws.workspace.id} and person_id = ${personId}`.execute(app.conn.db);
    const blocked = await settled((await queueOk({ person_id: personId, channel: 'telegram', purpose: 'service', content: { text: 'Напоминание' } })).id);
    assert.equal(blocked.status, 'failed');
    assert.match(blocked.error, /blocked/);
  });

  test('a burst of SMS and Telegram messages above the send rate is spread out over seconds, none lost', async () => {
    const rate = 2;
    const burst = 6;
    const body = settingsBody() as { sms: object; telegram: object };
    await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', { ...body, sms: { ...body.sms, rate_per_second: rate }, telegram: { ...body.telegram, rate_per_second: rate } });
    try {
      const ids: string[] = [];
      for (let i = 0; i < burst; i++) {
        const personId = await newPerson({ phone: `+7 916 555-00-${String(10 + i)}` });
        await sql`insert into messaging_channel_address (workspace_id, person_id, channel, address) values (${ws.workspace.id}, ${personId}, 'telegram', ${String(880000 + i)})`.execute(app.conn.db);
        ids.push((await queueOk({ person_id: personId, channel: 'sms', purpose: 'service', content: { text: `Пакет SMS ${i}` } })).id);
        ids.push((await queueOk({ person_id: personId, channel: 'telegram', purpose: 'service', content: { text: `Пакет Telegram ${i}` } })).id);
      }
      const results = await Promise.all(ids.map(settled));
      assert.deepEqual(results.map((m) => m.status), ids.map(() => 'sent'));
      for (const prefix of ['Пакет SMS', 'Пакет Telegram']) {
        const times = providers.requests.filter((r) => String(r.body.text).startsWith(prefix)).map((r) => r.at).sort((a, b) => a - b);
        assert.equal(times.length, burst, `${prefix}: each message reached the provider once`);
        // At `rate` a second, the burst needs (burst / rate − 1) whole seconds after its first send; unthrottled it takes milliseconds.
        assert.ok(times.at(-1)! - times[0]! >= (burst / rate - 1) * 1000 - 50, `${prefix}: ${times.join(', ')}`);
      }
    } finally {
      await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', settingsBody());
    }
  });

  test('a Telegram message whose Bot API id was recorded before a crash is marked sent on retry, not sent again', async () => {
    const personId = await newPerson();
    await sql`insert into messaging_channel_address (workspace_id, person_id, channel, address) values (${ws.workspace.id}, ${personId}, 'telegram', '990001')`.execute(app.conn.db);
    const queued = await queueOk({ person_id: personId, channel: 'telegram', purpose: 'service', content: { text: 'Принято до сбоя' }, send_after: new Date(Date.now() + 86_400_000).toISOString() });
    // The state a process leaves when it dies after the Bot API answered and the id was written.
    await sql`update message set scheduled_for = null, status = 'sending', sending_at = now() - interval '1 minute', attempts = 1, provider_message_id = '4242', channel = 'telegram', address = '990001'
      where workspace_id = ${ws.workspace.id} and id = ${queued.id}`.execute(app.conn.db);
    await deliverMessage({ db: app.conn.db, config: app.config, log: pino({ level: 'silent' }) }, ws.workspace.id, queued.id);
    const view = await message(queued.id);
    assert.equal(view.status, 'sent');
    assert.equal(view.provider_message_id, '4242');
    assert.equal(providers.requests.filter((r) => r.body.text === 'Принято до сбоя').length, 0);
  });

  test('opens and clicks move the message forward once and make its channel the one the person answered on', async () => {
    const personId = await newPerson({ email: 'reader@example.test', phone: '+7 916 000-00-01' });
    await grant(personId, 'email');
    await grant(personId, 'sms');
    await callOk(app, admin(), 'PUT', `/api/v1/people/${personId}/messaging-preference`, { preferred_channel: 'sms' });
    const bySms = await settled((await queueOk({ ...marketingMail(personId), channel: 'auto' })).id);
    assert.equal(bySms.channel, 'sms');
    const email = await settled((await queueOk(marketingMail(personId))).id);
    assert.equal(await markClicked(app.conn.db, ws.workspace.id, email.id), true);
    assert.equal(await markOpened(app.conn.db, ws.workspace.id, email.id), false);
    assert.equal(await markClicked(app.conn.db, ws.workspace.id, email.id), false);
    const clicked = await message(email.id);
    assert.equal(clicked.status, 'clicked');
    assert.ok(clicked.opened_at && clicked.clicked_at);
    const auto = await settled((await queueOk({ ...marketingMail(personId), channel: 'auto', idempotency_key: `after-click-${personId}` })).id);
    assert.equal(auto.channel, 'email');
    const list = await callOk(app, admin(), 'GET', `/api/v1/people/${personId}/messages?status=clicked`);
    assert.deepEqual(list.data.map((m: { id: string }) => m.id), [email.id]);
  });

  test('messages stay in their workspace and follow the reader’s scope of people', async () => {
    const personId = await newPerson({ email: 'private@example.test' });
    const queued = await queueOk({ ...marketingMail(personId), purpose: 'service' });
    await settled(queued.id);
    const otherAdmin = other.adminKeyHeaders;
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/messaging/messages/${queued.id}`, headers: otherAdmin })).statusCode, 404);
    assert.equal((await callOk(app, otherAdmin, 'GET', '/api/v1/messaging/messages')).data.length, 0);
    const foreign = await app.http.inject({ method: 'POST', url: '/api/v1/messaging/messages', headers: otherAdmin, payload: { ...marketingMail(personId), idempotency_key: 'foreign' } });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'MESSAGE_PERSON_NOT_FOUND');
    // An operator sees messages to their own people only.
    const operator = ws.actors.operator.headers;
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/messaging/messages/${queued.id}`, headers: operator })).statusCode, 404);
    const own = await newPerson({ email: 'own@example.test' }, operator);
    const mine = await queue({ ...marketingMail(own), purpose: 'service' }, operator);
    assert.equal(mine.statusCode, 201, mine.body);
    const listed = await callOk(app, operator, 'GET', '/api/v1/messaging/messages');
    assert.deepEqual(listed.data.map((m: { id: string }) => m.id), [mine.json().id]);
  });

  test('bad input is refused with a stable code and the field; settings are for administrators and audited without secrets', async () => {
    const personId = await newPerson({ email: 'valid@example.test' });
    const noSubject = await queue({ person_id: personId, channel: 'email', purpose: 'service', content: { text: 'Без темы' } });
    assert.equal(noSubject.statusCode, 400);
    assert.equal(noSubject.json().code, 'MESSAGE_SUBJECT_REQUIRED');
    assert.equal(noSubject.json().field, 'content.subject');
    const badChannel = await queue({ ...marketingMail(personId), channel: 'pigeon' });
    assert.equal(badChannel.statusCode, 400);
    assert.equal(badChannel.json().field, 'channel');
    const unknown = await queue({ ...marketingMail(personId), priority: 'high' });
    assert.equal(unknown.statusCode, 400);
    const badFilter = await app.http.inject({ method: 'GET', url: '/api/v1/messaging/messages?status=lost', headers: admin() });
    assert.equal(badFilter.statusCode, 400);
    assert.equal(badFilter.json().field, 'status');

    const badHours = await app.http.inject({ method: 'PUT', url: '/api/v1/messaging/settings', headers: admin(), payload: settingsBody({ quiet_hours: { start: '25:00', end: '09:00' } }) });
    assert.equal(badHours.statusCode, 400);
    assert.equal(badHours.json().field, 'quiet_hours.start');
    for (const channel of ['sms', 'telegram'] as const) {
      const body = settingsBody() as Record<typeof channel, object>;
      const tooSlow = await app.http.inject({ method: 'PUT', url: '/api/v1/messaging/settings', headers: admin(), payload: { ...body, [channel]: { ...body[channel], rate_per_second: 0 } } });
      assert.equal(tooSlow.statusCode, 400);
      assert.equal(tooSlow.json().field, `${channel}.rate_per_second`);
    }
    const twice = await app.http.inject({ method: 'PUT', url: '/api/v1/messaging/settings', headers: admin(), payload: settingsBody({ fallback_order: ['email', 'email'] }) });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.json().field, 'fallback_order');
    const forbidden = await app.http.inject({ method: 'PUT', url: '/api/v1/messaging/settings', headers: ws.actors.manager.headers, payload: settingsBody() });
    assert.equal(forbidden.statusCode, 403);

    const view = await callOk(app, ws.actors.readOnly.headers, 'GET', '/api/v1/messaging/settings');
    assert.equal(view.email.has_dkim_key, true);
    assert.equal(view.sms.has_token, true);
    assert.equal(JSON.stringify(view).includes('sms-token'), false);
    const { email, ...rest } = settingsBody({ frequency_cap: { max_messages: 5, period_days: 7 } }) as { email: Record<string, unknown> } & Record<string, unknown>;
    const { dkim_private_key: _key, ...emailWithoutKey } = email;
    const kept = await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', { ...rest, email: emailWithoutKey });
    assert.equal(kept.email.has_dkim_key, true, 'a secret left out is kept');
    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=messaging_settings');
    const latest = audit.data[0];
    assert.deepEqual(latest.changes.frequency_cap, { before: { max_messages: 3, period_days: 7 }, after: { max_messages: 5, period_days: 7 } });
    assert.equal(JSON.stringify(audit.data).includes('sms-token'), false);
    assert.equal(JSON.stringify(audit.data).includes('PRIVATE KEY'), false);
    await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', settingsBody());
  });
});
