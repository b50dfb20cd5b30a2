import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { newId } from '../../platform/ids.ts';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { engagementStats } from './index.ts';

const PUBLIC_URL = 'http://crm.example.test';
const SALE_URL = 'https://shop.example/sale?utm=mail&x=1';
const DAY = 86_400_000;

describe('engagement: tracking and attribution of messages', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;
  const campaignId = newId();
  let keyNumber = 0;
  const people: Record<'anna' | 'boris' | 'vera', string> = { anna: '', boris: '', vera: '' };
  const messages: Record<'anna' | 'boris' | 'vera', string> = { anna: '', boris: '', vera: '' };
  let annaMail: ParsedMail;

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string> = admin(), payload?: object) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const messagingSettings = {
    quiet_hours: null, frequency_cap: null, fallback_order: ['email'],
    email: { from: 'Shop <news@shop.example>', unsubscribe_mailto: null, max_connections: 2, rate_per_second: 100, dkim_domain: null, dkim_selector: null },
    sms: { provider_url: null, sender: null }, telegram: { bot_username: null, api_base_url: 'https://api.telegram.org' },
  };
  const newPerson = async (email: string, hasConsent: boolean, headers = admin()) => {
    const id = (await callOk(app, headers, 'POST', '/api/v1/people', { first_name: 'Test', last_name: email.split('@')[0], email })).id as string;
    if (hasConsent) await callOk(app, headers, 'POST', `/api/v1/people/${id}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    return id;
  };
  const html = `<html><body><p>Осенняя распродажа</p>
<a href="${SALE_URL.replace('&', '&amp;')}" class="button" title="Sale">Sale</a>
<a href="mailto:help@shop.example">Write to us</a>
<a href="https://shop.example/private" data-no-track>Private</a>
<a href="${PUBLIC_URL}/u/preferences-token">Unsubscribe</a>
</body></html>`;
  const queueMail = async (personId: string, variant: string, headers = admin(), sourceId = campaignId) => {
    const res = await call('POST', '/api/v1/messaging/messages', headers, {
      person_id: personId, channel: 'email', purpose: 'marketing', source: 'campaign', source_id: sourceId, variant,
      idempotency_key: `engagement-test-${++keyNumber}`,
      content: { subject: 'Распродажа', html, text: `Распродажа: ${SALE_URL}. Unsubscribe: ${PUBLIC_URL}/u/preferences-token` },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const settled = async (messageId: string, headers = admin()) => {
    let status = '';
    await until(async () => {
      status = (await callOk(app, headers, 'GET', `/api/v1/messaging/messages/${messageId}`)).status;
      return !['queued', 'sending'].includes(status);
    }, 30_000);
    return status;
  };
  const mailTo = async (address: string) => {
    await until(() => smtp.received.some((m) => JSON.stringify(m.to).includes(address)), 30_000);
    return smtp.received.filter((m) => JSON.stringify(m.to).includes(address)).at(-1)!;
  };
  // A changed character in the middle of the signature (its last character carries unused bits).
  const tamper = (token: string) => {
    const [body, signature] = token.split('.');
    return `${body}.${signature!.slice(0, 5)}${signature![5] === 'A' ? 'B' : 'A'}${signature!.slice(6)}`;
  };
  const linksIn = (text: string, kind: 'c' | 'o') => [...text.matchAll(new RegExp(`${PUBLIC_URL}/t/${kind}/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]!);
  const upsertOrder = (externalId: string, personId: string, placedAt: Date, headers = admin()) =>
    callOk(app, headers, 'PUT', `/api/v1/orders/by-external-id/${externalId}`, {
      person_id: personId, currency: 'RUB', status: 'paid', placed_at: placedAt.toISOString(), lines: [{ name: 'Плед', quantity: 2, unit_price: '1500' }],
    });
  const conversionOf = (orderId: string) =>
    app.conn.db.selectFrom('message_conversion').selectAll().where('workspace_id', '=', ws.workspace.id).where('order_id', '=', orderId).executeTakeFirst();

  before(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, publicUrl: PUBLIC_URL, mailFrom: 'Rapport <no-reply@crm.example.test>' } });
    ws = await createTestWorkspace(app, 'engagement');
    other = await createTestWorkspace(app, 'engagement-other');
    await callOk(app, admin(), 'PUT', '/api/v1/messaging/settings', messagingSettings);
    await callOk(app, other.adminKeyHeaders, 'PUT', '/api/v1/messaging/settings', messagingSettings);
    people.anna = await newPerson('anna@example.test', true);
    people.boris = await newPerson('boris@example.test', true);
    people.vera = await newPerson('vera@example.test', false);
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  test('an email sent through messaging has its links rewritten to signed redirects and an open pixel; mailto, unsubscribe and data-no-track links stay', async () => {
    messages.anna = await queueMail(people.anna, 'A');
    messages.boris = await queueMail(people.boris, 'B');
    messages.vera = await queueMail(people.vera, 'B');
    assert.equal(await settled(messages.anna), 'sent');
    assert.equal(await settled(messages.boris), 'sent');
    assert.equal(await settled(messages.vera), 'skipped');
    annaMail = await mailTo('anna@example.test');
    const sentHtml = String(annaMail.html);
    assert.equal(linksIn(sentHtml, 'c').length, 1, sentHtml);
    assert.ok(!sentHtml.includes('https://shop.example/sale'), 'the sale link is rewritten');
    assert.match(sentHtml, /<a href="http:\/\/crm\.example\.test\/t\/c\/[^"]+" class="button" title="Sale">Sale<\/a>/);
    assert.ok(sentHtml.includes('href="mailto:help@shop.example"'));
    assert.ok(sentHtml.includes('href="https://shop.example/private"'));
    assert.ok(sentHtml.includes(`href="${PUBLIC_URL}/u/preferences-token"`));
    assert.match(sentHtml, /<img src="http:\/\/crm\.example\.test\/t\/o\/[A-Za-z0-9_.-]+\.gif" width="1" height="1"[^>]*><\/body>/);
    // The text part's link becomes the same redirect; the sentence's full stop stays outside it.
    const [textToken] = linksIn(annaMail.text ?? '', 'c');
    assert.equal(textToken, linksIn(sentHtml, 'c')[0]);
    assert.ok(annaMail.text!.includes(`${textToken}. Unsubscribe: ${PUBLIC_URL}/u/preferences-token`));
  });

  test('the pixel answers a GIF and marks the message opened once; an unknown or tampered token still gets the GIF and counts nothing', async () => {
    const [pixelToken] = linksIn(String(annaMail.html), 'o');
    const tampered = await call('GET', `/t/o/${tamper(pixelToken!)}.gif`, {});
    assert.equal(tampered.statusCode, 200);
    assert.equal(tampered.headers['content-type'], 'image/gif');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/messaging/messages/${messages.anna}`)).status, 'sent');
    assert.equal((await call('GET', '/t/o/not-a-token.gif', {})).statusCode, 200);
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', `/t/o/${pixelToken}.gif`, {});
      assert.equal(res.statusCode, 200);
      assert.equal(res.rawPayload.subarray(0, 6).toString(), 'GIF89a');
      assert.match(String(res.headers['cache-control']), /no-store/);
    }
    const message = await callOk(app, admin(), 'GET', `/api/v1/messaging/messages/${messages.anna}`);
    assert.equal(message.status, 'opened');
    assert.equal(message.history.filter((h: { status: string }) => h.status === 'opened').length, 1);
  });

  test('following a link redirects to the original URL and marks the message clicked; a tampered token is refused with no redirect', async () => {
    const [clickToken] = linksIn(String(annaMail.html), 'c');
    const [body, signature] = clickToken!.split('.');
    const tampered = await call('GET', `/t/c/${tamper(clickToken!)}`, {});
    assert.equal(tampered.statusCode, 400);
    assert.equal(tampered.headers.location, undefined);
    assert.match(String(tampered.headers['content-type']), /application\/problem\+json/);
    assert.equal(tampered.json().code, 'ENGAGEMENT_LINK_INVALID');
    assert.equal(tampered.json().field, 'token');
    // The payload names another workspace: its signature no longer holds.
    const bytes = Buffer.from(body!, 'base64url');
    Buffer.from(other.workspace.id.replace(/-/g, ''), 'hex').copy(bytes, 1);
    assert.equal((await call('GET', `/t/c/${bytes.toString('base64url')}.${signature}`, {})).statusCode, 400);

    const res = await call('GET', `/t/c/${clickToken}`, { 'user-agent': 'Mail client 1.0' });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, SALE_URL);
    const message = await callOk(app, admin(), 'GET', `/api/v1/messaging/messages/${messages.anna}`);
    assert.equal(message.status, 'clicked');
    const clicks = await app.conn.db.selectFrom('message_click').selectAll().where('workspace_id', '=', ws.workspace.id).where('message_id', '=', messages.anna).execute();
    assert.equal(clicks.length, 1);
    assert.equal(clicks[0]!.url, SALE_URL);
    assert.equal(clicks[0]!.user_agent_hash?.length, 64);
    // The click is the person answering by email: auto channel choice prefers it.
    const preference = await app.conn.db.selectFrom('messaging_preference').select('responded_channel')
      .where('workspace_id', '=', ws.workspace.id).where('person_id', '=', people.anna).executeTakeFirstOrThrow();
    assert.equal(preference.responded_channel, 'email');
  });

  test('an order 2 days after the click is put down to the message with its revenue, one 30 days later is not, and the same order again changes nothing', async () => {
    const soon = await upsertOrder('eng-1', people.anna, new Date(Date.now() + 2 * DAY));
    const late = await upsertOrder('eng-2', people.anna, new Date(Date.now() + 30 * DAY));
    await settle(app);
    const conversion = await conversionOf(soon.id);
    assert.equal(conversion?.message_id, messages.anna);
    assert.equal(conversion?.kind, 'click');
    assert.equal(Number(conversion?.revenue), 3000);
    assert.equal(await conversionOf(late.id), undefined);
    await upsertOrder('eng-1', people.anna, new Date(Date.now() + 2 * DAY));
    await callOk(app, admin(), 'PUT', `/api/v1/orders/${soon.id}/lines`, { lines: [{ name: 'Плед', quantity: 3, unit_price: '1500' }] });
    await settle(app);
    const rows = await app.conn.db.selectFrom('message_conversion').selectAll().where('workspace_id', '=', ws.workspace.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]!.revenue), 4500, 'the revenue follows the order’s lines');
    // Boris never clicked: his order a day later goes to the message he was sent.
    const borisOrder = await upsertOrder('eng-3', people.boris, new Date(Date.now() + DAY));
    await settle(app);
    assert.equal((await conversionOf(borisOrder.id))?.kind, 'send');
    assert.equal((await conversionOf(borisOrder.id))?.message_id, messages.boris);
  });

  test('a one-click unsubscribe through the mail’s List-Unsubscribe link is counted against the message', async () => {
    const line = annaMail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = /<(http[^>]+)>/.exec(line)![1]!;
    const res = await app.http.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(res.statusCode, 200, res.body);
    await settle(app);
    const rows = await app.conn.db.selectFrom('message_unsubscribe').selectAll().where('workspace_id', '=', ws.workspace.id).execute();
    assert.deepEqual(rows.map((r) => r.message_id), [messages.anna]);
  });

  test('stats for a campaign count sends, opens, clicks, skips, unsubscribes, conversions and revenue, in total and by variant', async () => {
    const stats = await engagementStats(app.conn.db, ws.workspace.id, { source: 'campaign', sourceId: campaignId });
    assert.deepEqual(stats, {
      queued: 3, sent: 2, delivered: 2, opened: 1, clicked: 1, bounced: 0, failed: 0, skipped: 1, unsubscribed: 1, conversions: 2, revenue: '7500.00',
      delivery_rate: 1, open_rate: 0.5, click_rate: 0.5, unsubscribe_rate: 0.5, conversion_rate: 1,
    });
    const byVariant = await callOk(app, admin(), 'GET', `/api/v1/engagement/stats?source=campaign&source_id=${campaignId}&group_by=variant`);
    assert.deepEqual(byVariant.data.map((g: { group: string; queued: number; clicked: number; revenue: string }) => [g.group, g.queued, g.clicked, g.revenue]),
      [['A', 1, 1, '4500.00'], ['B', 2, 0, '3000.00']]);
    const variantB = await callOk(app, admin(), 'GET', `/api/v1/engagement/stats?source=campaign&source_id=${campaignId}&variant=B`);
    assert.equal(variantB.skipped, 1);
    assert.equal(variantB.conversions, 1);
  });

  test('workspace KPIs: revenue from mailings, share of sales after contact and response conversion', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10);
    const kpis = await callOk(app, admin(), 'GET', `/api/v1/engagement/kpis?from=${today}&to=${later}`);
    assert.equal(kpis.orders, 3);
    assert.equal(kpis.attributed_orders, 2);
    assert.equal(kpis.mailing_revenue, '7500.00');
    assert.equal(kpis.sales_revenue, '10500.00');
    assert.equal(kpis.share_of_sales_after_contact, 2 / 3);
    assert.equal(kpis.delivered, 2);
    assert.equal(kpis.responded, 1);
    assert.equal(kpis.response_conversion, 0.5);
    // Without a period: the last 30 days up to today, which hold the sends but not the later orders.
    const recent = await callOk(app, admin(), 'GET', '/api/v1/engagement/kpis');
    assert.equal(new Date(recent.to).getTime() - new Date(recent.from).getTime(), 29 * DAY);
    assert.equal(recent.delivered, 2);
    assert.equal(recent.orders, 0);
  });

  test('settings: administrators change them (audited), bad input names its field; with tracking off links go out untouched', async () => {
    assert.deepEqual(await callOk(app, admin(), 'GET', '/api/v1/engagement/settings'), { tracking_enabled: true, attribution_window_days: 7 });
    const bad = await call('PUT', '/api/v1/engagement/settings', admin(), { tracking_enabled: true, attribution_window_days: 0 });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'attribution_window_days');
    const unknown = await call('PUT', '/api/v1/engagement/settings', admin(), { tracking_enabled: true, attribution_window_days: 7, pixel: 'no' });
    assert.equal(unknown.statusCode, 400);
    const byOperator = await call('PUT', '/api/v1/engagement/settings', ws.actors.operator.headers, { tracking_enabled: false, attribution_window_days: 7 });
    assert.equal(byOperator.statusCode, 403);
    await callOk(app, admin(), 'PUT', '/api/v1/engagement/settings', { tracking_enabled: false, attribution_window_days: 14 });
    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=engagement_settings');
    assert.deepEqual(audit.data[0].changes, { tracking_enabled: { before: true, after: false }, attribution_window_days: { before: 7, after: 14 } });

    const untracked = await queueMail(people.boris, 'C', admin(), newId());
    assert.equal(await settled(untracked), 'sent');
    await until(() => smtp.received.filter((m) => JSON.stringify(m.to).includes('boris@example.test')).length === 2, 30_000);
    const mail = await mailTo('boris@example.test');
    assert.ok(String(mail.html).includes('https://shop.example/sale?utm=mail&amp;x=1'));
    assert.equal(linksIn(String(mail.html), 'o').length, 0);
    await callOk(app, admin(), 'PUT', '/api/v1/engagement/settings', { tracking_enabled: true, attribution_window_days: 7 });
  });

  test('another workspace sees none of these figures and its own order is not put down to this workspace’s messages', async () => {
    const otherStats = await callOk(app, other.adminKeyHeaders, 'GET', `/api/v1/engagement/stats?source=campaign&source_id=${campaignId}`);
    assert.equal(otherStats.queued, 0);
    assert.equal(otherStats.revenue, '0.00');
    const otherPerson = await newPerson('anna@example.test', true, other.adminKeyHeaders);
    const order = await upsertOrder('eng-1', otherPerson, new Date(Date.now() + DAY), other.adminKeyHeaders);
    await settle(app);
    const rows = await sql<{ n: number }>`select count(*)::int as n from message_conversion where order_id = ${order.id}`.execute(app.conn.db);
    assert.equal(rows.rows[0]!.n, 0);
    const today = new Date().toISOString().slice(0, 10);
    const kpis = await callOk(app, other.adminKeyHeaders, 'GET', `/api/v1/engagement/kpis?from=${today}&to=${today}`);
    assert.equal(kpis.attributed_orders, 0);
    assert.equal(kpis.delivered, 0);
  });

  test('bad queries are refused with a stable code and the field', async () => {
    const noSource = await call('GET', '/api/v1/engagement/stats');
    assert.equal(noSource.statusCode, 400);
    assert.equal(noSource.json().field, 'source');
    const badGroup = await call('GET', '/api/v1/engagement/stats?source=campaign&group_by=person');
    assert.equal(badGroup.json().field, 'group_by');
    const reversed = await call('GET', '/api/v1/engagement/kpis?from=2026-02-01&to=2026-01-01');
    assert.equal(reversed.statusCode, 400);
    assert.equal(reversed.json().field, 'to');
    const badDate = await call('GET', '/api/v1/engagement/kpis?from=yesterday&to=2026-01-01');
    assert.equal(badDate.json().field, 'from');
    const noAuth = await call('GET', '/api/v1/engagement/kpis?from=2026-01-01&to=2026-01-31', {});
    assert.equal(noAuth.statusCode, 401);
  });

  test('erasing a person deletes their emails’ links and keeps only the message, position and time of their clicks', async () => {
    const access = await callOk(app, admin(), 'POST', `/api/v1/people/${people.anna}/subject-access`, {});
    await until(async () => (await callOk(app, admin(), 'GET', `/api/v1/subject-access-requests/${access.id}`)).status === 'completed', 30_000);
    const exported = await call('GET', `/api/v1/subject-access-requests/${access.id}/download`);
    assert.ok(exported.body.includes(SALE_URL), 'subject access shows the links the person followed');
    await callOk(app, admin(), 'POST', `/api/v1/people/${people.anna}/erase`, { confirm: people.anna });
    const links = await app.conn.db.selectFrom('message_link').select('url').where('workspace_id', '=', ws.workspace.id).where('message_id', '=', messages.anna).execute();
    assert.equal(links.length, 0);
    const clicks = await app.conn.db.selectFrom('message_click').selectAll().where('workspace_id', '=', ws.workspace.id).where('message_id', '=', messages.anna).execute();
    assert.deepEqual(clicks.map((c) => [c.url, c.user_agent_hash, c.position]), [['[erased]', null, 0]]);
    const [clickToken] = linksIn(String(annaMail.html), 'c');
    assert.equal((await call('GET', `/t/c/${clickToken}`, {})).json().code, 'ENGAGEMENT_LINK_NOT_FOUND');
  });
});
