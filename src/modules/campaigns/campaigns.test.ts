import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, liftSendingLimits, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { markClicked, queueMessage } from '../messaging/index.ts';
import { compileTemplate, getTemplate, renderTemplate } from '../templates/index.ts';
import { decideVariant } from './campaign-report.ts';
import { runCampaignSend, sendWinnerToRest, snapshotAudience } from './campaign-sending.ts';
import { loadCampaign } from './campaigns.service.ts';

const TEMPLATE = (label: string) => `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{ person.first_name | default: "Здравствуйте" }}, вариант ${label}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

describe('campaigns: sending to a segment, A/B variants with a holdout, the state machine and the report', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;
  const templates: Record<string, string> = {};
  let personNumber = 0;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const newPerson = async (isConsenting: boolean) => {
    const n = ++personNumber;
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: `Имя${n}`, last_name: 'Тестов', email: `p${n}@campaign.test` });
    if (isConsenting) await callOk(app, admin(), 'POST', `/api/v1/people/${person.id}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    return person.id as string;
  };
  const newList = async (name: string, personIds: string[]) => {
    const list = await callOk(app, admin(), 'POST', '/api/v1/segments', { name, kind: 'static' });
    for (let i = 0; i < personIds.length; i += 1000) {
      await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/members`, { person_ids: personIds.slice(i, i + 1000) });
    }
    return list.id as string;
  };
  const newCampaign = (body: Record<string, unknown>, headers: Record<string, string> = admin()) =>
    callOk(app, headers, 'POST', '/api/v1/campaigns', { name: `Кампания ${++personNumber}`, channel: 'email', purpose: 'marketing', throttle_per_minute: 60_000, ...body });
  const campaignOf = (id: string) => callOk(app, admin(), 'GET', `/api/v1/campaigns/${id}`);
  const settledCampaign = async (id: string) => {
    await until(async () => (await campaignOf(id)).status === 'completed', 60_000);
    // Every message of the campaign has left the queue.
    await until(async () => Number((await sql<{ n: string }>`
      select count(*) as n from message where source_id = ${id} and status in ('queued', 'sending')`.execute(app.conn.db)).rows[0]!.n) === 0, 60_000);
    return campaignOf(id);
  };
  const mailsTo = (address: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(address));
  const emailOf = async (personId: string) => (await callOk(app, admin(), 'GET', `/api/v1/people/${personId}`)).email as string;

  before(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, publicUrl: 'http://crm.example.test', mailFrom: 'Shop <news@shop.test>' } });
    ws = await createTestWorkspace(app, 'campaigns');
    other = await createTestWorkspace(app, 'campaigns-other');
    await liftSendingLimits(app, admin());
    for (const label of ['A', 'B']) {
      const template = await callOk(app, admin(), 'POST', '/api/v1/templates', {
        name: `Вариант ${label}`, channel: 'email', purpose: 'marketing', locale: 'ru', subject: `Новости ${label} для {{ person.first_name }}`, body: TEMPLATE(label),
      });
      templates[label] = template.id;
    }
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  test('a campaign to a list sends one personalized email per consenting member through messaging; the others are skipped for consent', async () => {
    const consenting = await Promise.all([1, 2, 3, 4].map(() => newPerson(true)));
    const refusing = await Promise.all([1, 2].map(() => newPerson(false)));
    const listId = await newList('Подписчики', [...consenting, ...refusing]);
    const preview = await callOk(app, admin(), 'POST', '/api/v1/campaigns/audience-preview', { segment_id: listId, holdout_share: 0 });
    assert.equal(preview.audience_size, 6);
    const campaign = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.A, share: 100 }], cost: 1000, currency: 'RUB' });
    assert.equal(campaign.status, 'draft');
    const started = await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/start`);
    assert.equal(started.status, 'sending');
    const done = await settledCampaign(campaign.id);
    assert.equal(done.progress.audience, 6);
    assert.equal(done.progress.queued, 6);
    assert.equal(done.progress.sent, 4);
    assert.equal(done.progress.skipped, 2);
    for (const personId of consenting) {
      const mails = mailsTo(await emailOf(personId));
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject ?? '', /^Новости A для Имя\d+$/);
      assert.match(String(mails[0]!.html), /Имя\d+, вариант A/);
    }
    for (const personId of refusing) assert.equal(mailsTo(await emailOf(personId)).length, 0);
    // Prepared once for the campaign, the template renders a person exactly as rendering it alone does.
    const template = await getTemplate({ db: app.conn.db, principal: systemPrincipal(ws.workspace.id) }, templates.A!);
    const compiled = await compileTemplate(app.conn.db, ws.workspace.id, template);
    assert.deepEqual(await compiled(consenting[0]!), await renderTemplate(app.conn.db, ws.workspace.id, template, consenting[0]!));
    const messages = await callOk(app, admin(), 'GET', `/api/v1/messaging/messages?source_id=${campaign.id}&limit=50`);
    assert.deepEqual(messages.data.filter((m: { status: string }) => m.status === 'skipped').map((m: { skip_reason: string }) => m.skip_reason), ['no_consent', 'no_consent']);
    const report = await callOk(app, admin(), 'GET', `/api/v1/campaigns/${campaign.id}/report`);
    assert.deepEqual(report.rows.map((r: { variant: string; recipients: number; sent: number; skipped: number }) => [r.variant, r.recipients, r.sent, r.skipped]), [['A', 6, 4, 2]]);
    assert.equal(report.totals.cost, 1000);
    assert.equal(report.totals.roi, -1);
  });

  test('variants follow their shares, the holdout gets nothing, and a person keeps their variant when the audience is taken again', async () => {
    const people = await Promise.all(Array.from({ length: 240 }, () => newPerson(false)));
    const listId = await newList('Большой список', people);
    const campaign = await newCampaign({
      segment_id: listId, holdout_share: 20, winner_metric: 'conversion',
      variants: [{ template_id: templates.A, share: 40 }, { template_id: templates.B, share: 40 }],
    });
    const row = await loadCampaign(app.conn.db, ws.workspace.id, campaign.id);
    const assignment = async () => new Map((await app.conn.db.selectFrom('campaign_recipient').select(['person_id', 'variant'])
      .where('campaign_id', '=', campaign.id).execute()).map((r) => [r.person_id, r.variant]));
    await snapshotAudience(app.conn.db, row);
    const first = await assignment();
    assert.equal(first.size, 240);
    const counts = { A: 0, B: 0, holdout: 0 } as Record<string, number>;
    for (const variant of first.values()) counts[variant]! += 1;
    // Expected 96 / 96 / 48; a binomial's 3·σ is about 23 and 19.
    assert.ok(Math.abs(counts.A! - 96) <= 23 && Math.abs(counts.B! - 96) <= 23 && Math.abs(counts.holdout! - 48) <= 19, JSON.stringify(counts));
    await app.conn.db.deleteFrom('campaign_recipient').where('campaign_id', '=', campaign.id).execute();
    await app.conn.db.updateTable('campaign').set({ audience_size: null }).where('id', '=', campaign.id).execute();
    await snapshotAudience(app.conn.db, row);
    assert.deepEqual(await assignment(), first);
    // Taking the audience again while it is taken adds nobody.
    await snapshotAudience(app.conn.db, await loadCampaign(app.conn.db, ws.workspace.id, campaign.id));
    assert.equal((await assignment()).size, 240);

    await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/start`);
    await settledCampaign(campaign.id);
    const sentTo = await sql<{ variant: string; messages: string }>`
      select r.variant, count(m.id) filter (where m.variant = r.variant) as messages from campaign_recipient r
      left join message m on m.workspace_id = r.workspace_id and m.source_id = r.campaign_id and m.person_id = r.person_id
      where r.campaign_id = ${campaign.id} group by r.variant order by r.variant`.execute(app.conn.db);
    assert.deepEqual(sentTo.rows.map((r) => [r.variant, Number(r.messages)]), [['A', counts.A], ['B', counts.B], ['holdout', 0]]);
    const report = await callOk(app, admin(), 'GET', `/api/v1/campaigns/${campaign.id}/report`);
    assert.deepEqual(report.rows.map((r: { variant: string; recipients: number }) => [r.variant, r.recipients]), [['A', counts.A], ['B', counts.B], ['holdout', counts.holdout]]);
    assert.equal(report.rows.find((r: { variant: string }) => r.variant === 'A').uplift_vs_holdout.difference, 0);
  });

  test('a crash after queueing and reruns of the send job send no one twice', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => newPerson(true)));
    const listId = await newList('Повторный запуск', people);
    const campaign = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.B, share: 100 }] });
    // A run that died after queueing two messages but before marking their recipients.
    await snapshotAudience(app.conn.db, await loadCampaign(app.conn.db, ws.workspace.id, campaign.id));
    const ctx = { db: app.conn.db, principal: systemPrincipal(ws.workspace.id) };
    for (const personId of people.slice(0, 2)) {
      await queueMessage(ctx, app.jobs, {
        person_id: personId, channel: 'email', purpose: 'marketing', source: 'campaign', source_id: campaign.id,
        idempotency_key: `campaign:${campaign.id}:person:${personId}`, content: { subject: 'Новости B', text: 'вариант B' },
      });
    }
    await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/start`);
    const data = { workspace_id: ws.workspace.id, campaign_id: campaign.id };
    // The worker's run and two more at once, as after a restart.
    await Promise.all([runCampaignSend(app.conn.db, app.jobs, data), runCampaignSend(app.conn.db, app.jobs, data)]);
    const done = await settledCampaign(campaign.id);
    assert.equal(done.progress.queued, 12);
    await until(() => smtp.received.filter((m) => /^Новости B/.test(m.subject ?? '')).length >= 12, 30_000);
    for (const personId of people) assert.equal(mailsTo(await emailOf(personId)).length, 1, personId);
  });

  test('pause stops sending between batches, resume finishes it; cancel stops for good; invalid moves answer 409', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => newPerson(true)));
    const listId = await newList('Пауза', people);
    // One message a second: the campaign is still sending when paused.
    const campaign = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.A, share: 100 }], throttle_per_minute: 60 });
    await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/start`);
    await until(async () => (await campaignOf(campaign.id)).progress.queued >= 1, 30_000);
    const paused = await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/pause`);
    assert.equal(paused.status, 'paused');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const held = (await campaignOf(campaign.id)).progress.queued;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await campaignOf(campaign.id)).progress.queued, held, 'nothing is queued while paused');
    assert.ok(held < 6);

    const twice = await call('POST', `/api/v1/campaigns/${campaign.id}/pause`);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.headers['content-type'], 'application/problem+json');
    assert.equal(twice.json().code, 'CAMPAIGN_INVALID_TRANSITION');
    const edit = await call('PATCH', `/api/v1/campaigns/${campaign.id}`, { name: 'Другое' });
    assert.equal(edit.json().code, 'CAMPAIGN_NOT_EDITABLE');

    await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/resume`);
    const done = await settledCampaign(campaign.id);
    assert.equal(done.progress.queued, 6);
    assert.equal((await call('POST', `/api/v1/campaigns/${campaign.id}/start`)).json().code, 'CAMPAIGN_INVALID_TRANSITION');

    const second = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.A, share: 100 }] });
    const scheduled = await callOk(app, admin(), 'POST', `/api/v1/campaigns/${second.id}/schedule`, { scheduled_at: new Date(Date.now() + 3_600_000).toISOString() });
    assert.equal(scheduled.status, 'scheduled');
    const cancelled = await callOk(app, admin(), 'POST', `/api/v1/campaigns/${second.id}/cancel`);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await call('POST', `/api/v1/campaigns/${second.id}/resume`)).statusCode, 409);
    assert.equal(cancelled.progress.audience, 0, 'a cancelled campaign never took its audience');
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'campaign' and entity_id = ${second.id} order by id`.execute(app.conn.db);
    assert.deepEqual(audit.rows.map((r) => r.action), ['create', 'schedule', 'cancel']);
  });

  test('with the winner sent later, the test part goes first and the rest waits; at decision time the rest gets the leading variant', async () => {
    const people = await Promise.all(Array.from({ length: 40 }, () => newPerson(true)));
    const listId = await newList('Тест и победитель', people);
    const campaign = await newCampaign({
      segment_id: listId, winner_metric: 'click', auto_send_winner: true, test_share: 50, decision_hours: 2,
      variants: [{ template_id: templates.A, share: 50 }, { template_id: templates.B, share: 50 }],
    });
    await callOk(app, admin(), 'POST', `/api/v1/campaigns/${campaign.id}/start`);
    await until(async () => {
      const { progress } = await campaignOf(campaign.id);
      return progress.audience === 40 && progress.pending === 0 && progress.queued > 0;
    }, 30_000);
    const tested = await campaignOf(campaign.id);
    assert.equal(tested.status, 'sending', 'the campaign waits for its winner');
    assert.equal(tested.progress.queued + tested.progress.waiting, 40);
    assert.ok(tested.progress.waiting > 0);
    // The decision job is queued for decision time.
    const decide = await sql<{ start_after: Date }>`
      select start_after from pgboss.job where name = 'campaigns.decide' and data->>'campaign_id' = ${campaign.id}`.execute(app.conn.db);
    assert.equal(decide.rows.length, 1);
    assert.ok(new Date(decide.rows[0]!.start_after).getTime() - new Date(tested.started_at).getTime() >= 2 * 3_600_000 - 1000);

    // Clicks put B ahead; what the decision job does at its time, run now.
    const clicked = await sql<{ message_id: string }>`
      select message_id from campaign_recipient where campaign_id = ${campaign.id} and variant = 'B' and message_id is not null`.execute(app.conn.db);
    await until(async () => Number((await sql<{ n: string }>`
      select count(*) as n from message where source_id = ${campaign.id} and status in ('queued', 'sending')`.execute(app.conn.db)).rows[0]!.n) === 0, 30_000);
    for (const { message_id } of clicked.rows) await markClicked(app.conn.db, ws.workspace.id, message_id);
    await sendWinnerToRest(app.conn.db, app.jobs, { workspace_id: ws.workspace.id, campaign_id: campaign.id }, (row) => decideVariant(app.conn.db, row));
    const done = await settledCampaign(campaign.id);
    assert.equal(done.winner_variant, 'B');
    assert.equal(done.progress.queued, 40);
    const report = await callOk(app, admin(), 'GET', `/api/v1/campaigns/${campaign.id}/report`);
    assert.equal(report.experiment.leader, 'B');
    assert.ok(report.rows.find((r: { variant: string }) => r.variant === 'B').recipients > clicked.rows.length);
  });

  test('bad input answers problem+json with a stable code and the field', async () => {
    const listId = await newList('Проверки', []);
    const base = { name: 'Проверка', channel: 'email', purpose: 'marketing', segment_id: listId, variants: [{ template_id: templates.A, share: 100 }] };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...base, variants: [{ template_id: templates.A, share: 50 }], holdout_share: 10 }, 400, 'CAMPAIGN_SHARES_INVALID', 'variants'],
      [{ ...base, segment_id: '01900000-0000-7000-8000-000000000000' }, 422, 'CAMPAIGN_SEGMENT_NOT_FOUND', 'segment_id'],
      [{ ...base, variants: [{ template_id: '01900000-0000-7000-8000-000000000000', share: 100 }] }, 422, 'CAMPAIGN_TEMPLATE_INVALID', 'variants.0.template_id'],
      [{ ...base, channel: 'sms' }, 422, 'CAMPAIGN_TEMPLATE_INVALID', 'variants.0.template_id'],
      [{ ...base, auto_send_winner: true, test_share: 20, decision_hours: 4 }, 400, 'CAMPAIGN_TEST_INVALID', 'variants'],
      [{ ...base, cost: 100 }, 400, 'VALIDATION_FAILED', 'currency'],
      [{ ...base, throttle_per_minute: 0 }, 400, 'VALIDATION_FAILED', 'throttle_per_minute'],
      [{ ...base, surprise: true }, 400, 'UNKNOWN_FIELD', 'surprise'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await call('POST', '/api/v1/campaigns', body);
      assert.equal(res.statusCode, status, `${code}: ${res.body}`);
      assert.equal(res.json().code, code, res.body);
      const problem = res.json();
      assert.ok(problem.field === field || problem.errors?.some((e: { field: string }) => e.field === field), `${code} names ${field}: ${res.body}`);
    }
    const draft = await newCampaign(base);
    const past = await call('POST', `/api/v1/campaigns/${draft.id}/schedule`, { scheduled_at: '2020-01-01T00:00:00Z' });
    assert.equal(past.json().code, 'CAMPAIGN_SCHEDULE_PAST');
    assert.equal(past.json().field, 'scheduled_at');
  });

  test('another workspace sees none of it; an operator may read but not run campaigns; read-only may not create', async () => {
    const listId = await newList('Чужие', []);
    const campaign = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.A, share: 100 }] });
    const foreign = await call('GET', `/api/v1/campaigns/${campaign.id}`, undefined, other.adminKeyHeaders);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'CAMPAIGN_NOT_FOUND');
    assert.equal((await call('POST', `/api/v1/campaigns/${campaign.id}/start`, undefined, other.adminKeyHeaders)).statusCode, 404);
    assert.deepEqual((await callOk(app, other.adminKeyHeaders, 'GET', '/api/v1/campaigns')).data, []);
    // Another workspace's list and template are unknown here.
    const borrowed = await call('POST', '/api/v1/campaigns', {
      name: 'Чужой список', channel: 'email', purpose: 'marketing', segment_id: listId, variants: [{ template_id: templates.A, share: 100 }],
    }, other.adminKeyHeaders);
    assert.equal(borrowed.json().code, 'CAMPAIGN_SEGMENT_NOT_FOUND');

    const operator = ws.actors.operator.headers;
    assert.equal((await callOk(app, operator, 'GET', `/api/v1/campaigns/${campaign.id}`)).id, campaign.id);
    const start = await call('POST', `/api/v1/campaigns/${campaign.id}/start`, undefined, operator);
    assert.equal(start.statusCode, 403);
    const create = await call('POST', '/api/v1/campaigns', { name: 'Нельзя', channel: 'email', purpose: 'marketing', segment_id: listId, variants: [{ template_id: templates.A, share: 100 }] }, ws.actors.readOnly.headers);
    assert.equal(create.statusCode, 403);
    const manager = await newCampaign({ segment_id: listId, variants: [{ template_id: templates.A, share: 100 }] }, ws.actors.manager.headers);
    assert.equal(manager.status, 'draft');
    assert.equal((await call('DELETE', `/api/v1/campaigns/${manager.id}`, undefined, ws.actors.manager.headers)).statusCode, 204);
  });
});
