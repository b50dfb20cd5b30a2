import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { CONFIRM_LINK_TTL_MS, signLink, UNSUBSCRIBE_LINK_TTL_MS, verifyLink } from './consent-links.ts';
import { contactableCondition, mayContact, unsubscribeHeaders, unsubscribeUrl, type Channel, type Purpose } from './index.ts';

describe('consent ledger', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;

  const newPerson = async (email?: string, headers: Record<string, string> = admin()) =>
    (await callOk(app, headers, 'POST', '/api/v1/people', { first_name: 'Анна', last_name: 'Петрова', ...(email ? { email } : {}) })).id as string;
  const record = (personId: string, body: object, headers: Record<string, string> = admin()) =>
    app.http.inject({ method: 'POST', url: `/api/v1/people/${personId}/consents`, headers, payload: body });
  const may = (personId: string, channel: Channel, purpose: Purpose, at?: Date) =>
    mayContact({ db: app.conn.db, workspaceId: ws.workspace.id, personId, channel, purpose, at });
  const entryCount = async (personId: string) => Number((await sql<{ n: number }>`
    select count(*)::int as n from consent_entry where workspace_id = ${ws.workspace.id} and person_id = ${personId}`.execute(app.conn.db)).rows[0]!.n);
  const linkPath = (url: string) => new URL(url).pathname;

  before(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, publicUrl: 'http://crm.example.test', mailFrom: 'Shop <no-reply@shop.test>' } });
    ws = await createTestWorkspace(app, 'consent');
    other = await createTestWorkspace(app, 'consent-other');
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  test('the ledger is append-only: UPDATE and DELETE are refused', async () => {
    const personId = await newPerson();
    const res = await record(personId, { channel: 'sms', purpose: 'marketing', status: 'granted' });
    assert.equal(res.statusCode, 201, res.body);
    const entryId = res.json().id;
    await assert.rejects(sql`update consent_entry set status = 'withdrawn' where workspace_id = ${ws.workspace.id} and id = ${entryId}`.execute(app.conn.db), /append-only/);
    await assert.rejects(sql`delete from consent_entry where workspace_id = ${ws.workspace.id} and id = ${entryId}`.execute(app.conn.db), /append-only/);
    assert.equal(await entryCount(personId), 1);
  });

  test('the current state follows the latest entry by when it happened, and the history keeps every entry with its proof', async () => {
    const personId = await newPerson();
    const proof = { text_version: 'privacy-2026-01', ip: '203.0.113.7', user_agent: 'Kiosk/1.0' };
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted', source: 'form', proof });
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'withdrawn' });
    // An import brings an older grant: it joins the history but does not override the later withdrawal.
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, {
      channel: 'email', purpose: 'marketing', status: 'granted', source: 'import', occurred_at: '2020-01-01T00:00:00Z',
    });
    const consents = await callOk(app, admin(), 'GET', `/api/v1/people/${personId}/consents`);
    assert.deepEqual(consents.current.map((s: { channel: string; purpose: string; status: string }) => [s.channel, s.purpose, s.status]), [['email', 'marketing', 'withdrawn']]);
    assert.equal(consents.data.length, 3);
    const granted = consents.data.find((e: { source: string }) => e.source === 'form');
    assert.deepEqual({ ...granted.proof }, { text_version: 'privacy-2026-01', text: null, ip: '203.0.113.7', user_agent: 'Kiosk/1.0', operator_id: null, confirms_entry_id: null });
    const firstPage = await callOk(app, admin(), 'GET', `/api/v1/people/${personId}/consents?limit=2`);
    assert.equal(firstPage.data.length, 2);
    const secondPage = await callOk(app, admin(), 'GET', `/api/v1/people/${personId}/consents?limit=2&cursor=${firstPage.next_cursor}`);
    assert.deepEqual([...firstPage.data, ...secondPage.data].map((e: { id: string }) => e.id), consents.data.map((e: { id: string }) => e.id));
    assert.equal(secondPage.next_cursor, null);
  });

  test('mayContact: marketing needs a grant, a withdrawal blocks, service is allowed until objected, withdrawn processing blocks all', async () => {
    const personId = await newPerson();
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'no_consent' });
    assert.deepEqual(await may(personId, 'email', 'service'), { allowed: true, reason: 'service_not_objected' });
    // Dated a minute apart, so "as of a moment" can't land in the same millisecond as the withdrawal.
    const grantedAt = new Date(Date.now() - 120_000);
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted', occurred_at: grantedAt.toISOString() });
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: true, reason: 'granted' });
    assert.deepEqual(await may(personId, 'sms', 'marketing'), { allowed: false, reason: 'no_consent' }, 'a grant covers its own channel only');
    const beforeWithdrawal = new Date(grantedAt.getTime() + 60_000);
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'withdrawn' });
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'withdrawn' });
    assert.deepEqual(await may(personId, 'email', 'marketing', beforeWithdrawal), { allowed: true, reason: 'granted' }, 'asked as of a moment, the ledger answers');
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'sms', purpose: 'service', status: 'withdrawn' });
    assert.deepEqual(await may(personId, 'sms', 'service'), { allowed: false, reason: 'withdrawn' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'phone', purpose: 'personal_data_processing', status: 'withdrawn' });
    assert.deepEqual(await may(personId, 'email', 'service'), { allowed: false, reason: 'processing_withdrawn' });
  });

  test('contactableCondition picks exactly the people mayContact allows, in one query', async () => {
    const granted = await newPerson();
    const withdrawn = await newPerson();
    const silent = await newPerson();
    await callOk(app, admin(), 'POST', `/api/v1/people/${granted}/consents`, { channel: 'push', purpose: 'analytics', status: 'granted' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${withdrawn}/consents`, { channel: 'push', purpose: 'analytics', status: 'granted' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${withdrawn}/consents`, { channel: 'push', purpose: 'service', status: 'withdrawn' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${withdrawn}/consents`, { channel: 'push', purpose: 'analytics', status: 'withdrawn' });
    const ids = [granted, withdrawn, silent];
    for (const purpose of ['analytics', 'service'] as const) {
      const rows = await sql<{ id: string }>`
        select p.id from person p where p.workspace_id = ${ws.workspace.id} and p.id = any(${ids}::uuid[])
          and ${contactableCondition({ workspaceId: ws.workspace.id, personId: sql.ref('p.id'), channel: 'push', purpose })}`.execute(app.conn.db);
      const expected = [];
      for (const id of ids) if ((await may(id, 'push', purpose)).allowed) expected.push(id);
      assert.deepEqual(rows.rows.map((r) => r.id).sort(), expected.sort(), purpose);
    }
  });

  test('double opt-in: pending blocks until the mailed link is followed; following it again changes nothing', async () => {
    const personId = await newPerson('anna.optin@example.test');
    const res = await record(personId, { channel: 'email', purpose: 'marketing', status: 'granted', source: 'form', double_opt_in: true, proof: { text_version: 'newsletter-v3' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'pending');
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'pending_confirmation' });

    await until(() => smtp.received.some((m) => m.to && JSON.stringify(m.to).includes('anna.optin@example.test')), 30_000);
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('anna.optin@example.test'))!;
    assert.equal(mail.from?.value[0]?.address, 'no-reply@shop.test');
    const link = /http:\/\/crm\.example\.test\/c\/confirm\/\S+/.exec(mail.text ?? '')?.[0];
    assert.ok(link, `the mail carries a confirmation link: ${mail.text}`);

    const confirmed = await app.http.inject({ method: 'GET', url: linkPath(link), headers: { 'user-agent': 'MailClient/2.0', 'accept-language': 'en-GB,en;q=0.9' } });
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.headers['content-type'] as string, /text\/html/);
    assert.match(confirmed.body, /Подписка подтверждена/, 'the page speaks the person’s language (ru by default)');
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: true, reason: 'granted' });
    const entries = (await callOk(app, admin(), 'GET', `/api/v1/people/${personId}/consents`)).data;
    assert.equal(entries[0].status, 'granted');
    assert.equal(entries[0].source, 'email_link');
    assert.equal(entries[0].proof.user_agent, 'MailClient/2.0');
    assert.ok(entries[0].proof.ip);
    assert.equal(entries[0].proof.confirms_entry_id, res.json().id);
    assert.equal(entries[0].proof.text_version, 'newsletter-v3');

    const again = await app.http.inject({ method: 'GET', url: `${linkPath(link)}?lang=en` });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /already confirmed/);
    assert.equal(await entryCount(personId), 2);
    assert.equal(smtp.received.filter((m) => JSON.stringify(m.to).includes('anna.optin@example.test')).length, 1);

    // Both changes name the person, so they land on the person's timeline.
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${personId}`);
    const events = timeline.data.map((e: { event: string }) => e.event);
    assert.ok(events.includes('consent.confirmation_requested') && events.includes('consent.granted'), events.join(', '));
  });

  test('a confirmation link superseded by a later withdrawal confirms nothing', async () => {
    const personId = await newPerson('late@example.test');
    const pending = (await record(personId, { channel: 'email', purpose: 'marketing', status: 'granted', double_opt_in: true })).json();
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'withdrawn' });
    const token = await signLink<'confirm'>(app.conn.db, app.config, { k: 'confirm', w: ws.workspace.id, x: pending.id }, { ttlMs: CONFIRM_LINK_TTL_MS });
    const res = await app.http.inject({ method: 'GET', url: `/c/confirm/${token}` });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'withdrawn' });
  });

  test('one-click unsubscribe (RFC 8058) withdraws email marketing, and a second click records nothing', async () => {
    const personId = await newPerson('clicker@example.test');
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    const headers = await unsubscribeHeaders({ db: app.conn.db, config: app.config, workspaceId: ws.workspace.id, personId });
    assert.equal(headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(headers['List-Unsubscribe'])![1]!;
    assert.ok(url.startsWith('http://crm.example.test/u/'));
    const click = () => app.http.inject({
      method: 'POST', url: linkPath(url), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'GoogleOneClick' }, payload: 'List-Unsubscribe=One-Click',
    });
    const first = await click();
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { status: 'unsubscribed', channel: 'email', purpose: 'marketing' });
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'withdrawn' });
    const count = await entryCount(personId);
    assert.equal((await click()).statusCode, 200);
    assert.equal(await entryCount(personId), count);
    const multipart = await app.http.inject({
      method: 'POST', url: linkPath(url), headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    assert.equal(multipart.statusCode, 200, 'the multipart form RFC 8058 recommends is accepted too');
  });

  test('the preference page shows each channel × purpose and saves what the person changes', async () => {
    const personId = await newPerson('prefs@example.test');
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    const url = await unsubscribeUrl({ db: app.conn.db, config: app.config, workspaceId: ws.workspace.id, personId, language: 'en' });
    const pageRes = await app.http.inject({ method: 'GET', url: linkPath(url) });
    assert.equal(pageRes.statusCode, 200);
    assert.match(pageRes.body, /name="email\.marketing"[^>]*checked/);
    assert.match(pageRes.body, /name="email\.service"[^>]*checked/, 'service messages are on until the person objects');
    assert.match(pageRes.body, /News and offers/);
    assert.doesNotMatch(pageRes.body, /name="sms\.marketing"[^>]*checked/);

    // Untick email marketing and service, tick SMS marketing; everything else as shown.
    const form = new URLSearchParams({ lang: 'en', 'sms.marketing': 'on', 'sms.service': 'on', 'messenger.service': 'on', 'phone.service': 'on', 'push.service': 'on' });
    const saved = await app.http.inject({ method: 'POST', url: `${linkPath(url)}/preferences`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: false, reason: 'withdrawn' });
    assert.deepEqual(await may(personId, 'email', 'service'), { allowed: false, reason: 'withdrawn' });
    assert.deepEqual(await may(personId, 'sms', 'marketing'), { allowed: true, reason: 'granted' });
    assert.equal(await entryCount(personId), 4, 'one entry per changed choice, none for unchanged ones');
    const after = await app.http.inject({ method: 'GET', url: saved.headers.location as string });
    assert.match(after.body, /preferences are saved/);
    assert.match(after.body, /name="sms\.marketing"[^>]*checked/);
  });

  test('bad, tampered, expired and misused links are refused with a clear page or problem+json, and change nothing', async () => {
    const personId = await newPerson('victim@example.test');
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    const count = await entryCount(personId);
    const valid = await unsubscribeUrl({ db: app.conn.db, config: app.config, workspaceId: ws.workspace.id, personId });
    const token = linkPath(valid).slice('/u/'.length);
    const [body, signature] = token.split('.');
    // The same link made to withdraw SMS instead: the channel byte changed, the signature kept.
    const bytes = Buffer.from(body!, 'base64url');
    bytes[33] = 1;
    const forged = bytes.toString('base64url');

    const garbage = await app.http.inject({ method: 'GET', url: '/c/confirm/abc.def', headers: { 'accept-language': 'en' } });
    assert.equal(garbage.statusCode, 400);
    assert.match(garbage.body, /This link is not valid/);
    const malformed = await app.http.inject({ method: 'POST', url: '/u/not-a-token' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'VALIDATION_FAILED');
    const tampered = await app.http.inject({ method: 'POST', url: `/u/${forged}.${signature}` });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(tampered.json().code, 'CONSENT_LINK_INVALID');
    const asConfirm = await app.http.inject({ method: 'GET', url: `/c/confirm/${token}` });
    assert.equal(asConfirm.statusCode, 400, 'an unsubscribe link is not a confirmation link');

    const yearAgo = new Date(Date.now() - UNSUBSCRIBE_LINK_TTL_MS - 60_000);
    const expired = await unsubscribeUrl({ db: app.conn.db, config: app.config, workspaceId: ws.workspace.id, personId, now: yearAgo });
    const expiredClick = await app.http.inject({ method: 'POST', url: linkPath(expired) });
    assert.equal(expiredClick.statusCode, 410);
    assert.equal(expiredClick.json().code, 'CONSENT_LINK_EXPIRED');
    const expiredPage = await app.http.inject({ method: 'GET', url: linkPath(expired), headers: { 'accept-language': 'ru' } });
    assert.equal(expiredPage.statusCode, 410);
    assert.match(expiredPage.body, /Срок действия ссылки истёк/);
    const expiredConfirm = await signLink<'confirm'>(app.conn.db, app.config, { k: 'confirm', w: ws.workspace.id, x: personId }, { ttlMs: CONFIRM_LINK_TTL_MS, now: new Date(Date.now() - CONFIRM_LINK_TTL_MS - 60_000) });
    assert.equal((await app.http.inject({ method: 'GET', url: `/c/confirm/${expiredConfirm}` })).statusCode, 410);

    assert.equal(await entryCount(personId), count);
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: true, reason: 'granted' });
  });

  test('links are signed with RAPPORT_LINK_SECRET when it is set, and a different secret refuses them', async () => {
    const withSecret = { ...app.config, linkSecret: 'a'.repeat(40) };
    const token = await signLink<'unsubscribe'>(app.conn.db, withSecret, { k: 'unsubscribe', w: ws.workspace.id, p: ws.workspace.id, c: 'email', u: 'marketing' }, { ttlMs: 60_000 });
    assert.equal((await verifyLink(app.conn.db, withSecret, token, 'unsubscribe')).isValid, true);
    assert.equal((await verifyLink(app.conn.db, { ...app.config, linkSecret: 'b'.repeat(40) }, token, 'unsubscribe')).isValid, false);
    assert.equal((await verifyLink(app.conn.db, app.config, token, 'unsubscribe')).isValid, false);
  });

  test('tenant isolation: another workspace can neither read nor record a person’s consent, and its links reach nothing here', async () => {
    const personId = await newPerson('isolated@example.test');
    await callOk(app, admin(), 'POST', `/api/v1/people/${personId}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    const count = await entryCount(personId);
    const read = await app.http.inject({ method: 'GET', url: `/api/v1/people/${personId}/consents`, headers: other.adminKeyHeaders });
    assert.equal(read.statusCode, 404);
    const write = await record(personId, { channel: 'email', purpose: 'marketing', status: 'withdrawn' }, other.adminKeyHeaders);
    assert.equal(write.statusCode, 404);
    // A genuine link of the other workspace naming this workspace's person.
    const foreign = await unsubscribeUrl({ db: app.conn.db, config: app.config, workspaceId: other.workspace.id, personId });
    const click = await app.http.inject({ method: 'POST', url: linkPath(foreign) });
    assert.equal(click.statusCode, 404);
    const page = await app.http.inject({ method: 'GET', url: linkPath(foreign) });
    assert.equal(page.statusCode, 400);
    // This workspace's link body under the other workspace's signature.
    const mine = linkPath(await unsubscribeUrl({ db: app.conn.db, config: app.config, workspaceId: ws.workspace.id, personId })).slice(3);
    const spliced = `${mine.split('.')[0]}.${linkPath(foreign).slice(3).split('.')[1]}`;
    assert.equal((await app.http.inject({ method: 'POST', url: `/u/${spliced}` })).statusCode, 400);
    assert.equal(await entryCount(personId), count);
    assert.deepEqual(await may(personId, 'email', 'marketing'), { allowed: true, reason: 'granted' });
  });

  test('recording is validated: double opt-in only for email grants to a person with an address, no future dates, fields named', async () => {
    const personId = await newPerson();
    const cases: [object, string, string][] = [
      [{ channel: 'sms', purpose: 'marketing', status: 'granted', double_opt_in: true }, 'CONSENT_DOUBLE_OPT_IN_NOT_ALLOWED', 'double_opt_in'],
      [{ channel: 'email', purpose: 'marketing', status: 'withdrawn', double_opt_in: true }, 'CONSENT_DOUBLE_OPT_IN_NOT_ALLOWED', 'double_opt_in'],
      [{ channel: 'email', purpose: 'marketing', status: 'granted', double_opt_in: true }, 'CONSENT_NO_EMAIL_ADDRESS', 'double_opt_in'],
      [{ channel: 'email', purpose: 'marketing', status: 'granted', occurred_at: '2999-01-01T00:00:00Z' }, 'CONSENT_TIME_IN_FUTURE', 'occurred_at'],
      [{ channel: 'pigeon', purpose: 'marketing', status: 'granted' }, 'VALIDATION_FAILED', 'channel'],
      [{ channel: 'email', purpose: 'marketing', status: 'pending' }, 'VALIDATION_FAILED', 'status'],
      [{ channel: 'email', purpose: 'marketing', status: 'granted', proof: { ip: 'nowhere' } }, 'VALIDATION_FAILED', 'proof.ip'],
    ];
    for (const [body, code, field] of cases) {
      const res = await record(personId, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, code, JSON.stringify(body));
      assert.equal(res.json().field, field, JSON.stringify(body));
    }
    assert.equal(await entryCount(personId), 0);
  });

  test('permissions: read-only members read but may not record; operators record for their own people only', async () => {
    const adminsPerson = await newPerson();
    const operatorsPerson = await newPerson(undefined, ws.actors.operator.headers);
    const readOnly = await app.http.inject({ method: 'GET', url: `/api/v1/people/${adminsPerson}/consents`, headers: ws.actors.readOnly.headers });
    assert.equal(readOnly.statusCode, 200);
    const refused = await record(adminsPerson, { channel: 'email', purpose: 'marketing', status: 'granted' }, ws.actors.readOnly.headers);
    assert.equal(refused.statusCode, 403);
    const outOfScope = await record(adminsPerson, { channel: 'email', purpose: 'marketing', status: 'granted' }, ws.actors.operator.headers);
    assert.equal(outOfScope.statusCode, 404);
    const own = await record(operatorsPerson, { channel: 'phone', purpose: 'service', status: 'withdrawn' }, ws.actors.operator.headers);
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(own.json().source, 'operator');
    assert.equal(own.json().proof.operator_id, ws.actors.operator.userId);
    const history = await callOk(app, admin(), 'GET', `/api/v1/people/${operatorsPerson}/audit`);
    assert.ok(history.data.some((e: { action: string; changes: Record<string, unknown> }) => e.changes['consent.phone.service']), 'the change is in the person’s audit history');
  });
});
