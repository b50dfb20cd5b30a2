import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { startSmtpSink } from '../../testing/smtp-sink.ts';
import { callOk, createTestApp, createTestWorkspace, liftSendingLimits, settle, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { sweepUnpaidOrders } from '../commerce/unpaid-orders.service.ts';
import { ADVANCE_JOB, advanceEnrollment, splitBucket, wakeDueEnrollments } from './journey-engine.ts';

/** A loopback receiver; by default the first call fails, so the step is retried. */
async function startWebhookReceiver(statusOf = (callNumber: number): number => (callNumber === 1 ? 503 : 200)) {
  const calls: { headers: IncomingHttpHeaders; raw: string }[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      calls.push({ headers: request.headers, raw });
      response.writeHead(statusOf(calls.length)).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('journeys: triggers, the per-person state machine, versions and the catalogue', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;
  let personNumber = 0;

  const newPerson = async (fields: Record<string, unknown> = {}, headers = admin()) => {
    const email = `buyer${++personNumber}@shop.test`;
    const id = (await callOk(app, headers, 'POST', '/api/v1/people', { first_name: 'Анна', last_name: `Покупатель ${personNumber}`, email, ...fields })).id as string;
    await callOk(app, headers, 'POST', `/api/v1/people/${id}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    return { id, email };
  };
  const enrollments = async (journeyId: string) => (await callOk(app, admin(), 'GET', `/api/v1/journeys/${journeyId}/enrollments`)).data as {
    id: string; person_id: string; status: string; current_node: string; version_number: number;
  }[];
  const enrollmentOf = async (journeyId: string, personId: string) => (await enrollments(journeyId)).find((e) => e.person_id === personId);
  const waitFor = async (journeyId: string, personId: string, status: string, node?: string) => {
    await until(async () => {
      const e = await enrollmentOf(journeyId, personId);
      return e?.status === status && (!node || e.current_node === node);
    }, 30_000);
  };
  /** The wait is over: its moment moves to the past and the wake job runs. */
  const passWaits = async (journeyId: string) => {
    await sql`update journey_enrollment set wait_until = now() - interval '1 minute' where journey_id = ${journeyId} and status = 'waiting'`.execute(app.conn.db);
    await wakeDueEnrollments(app.conn.db, app.jobs);
  };
  const mailsTo = (address: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(address));
  const manualJourney = (name: string, nodes: object[], edges: object[], extra: object = {}) =>
    callOk(app, admin(), 'POST', '/api/v1/journeys', {
      name, definition: { graph: { nodes: [{ id: 'start', type: 'trigger', trigger: { kind: 'manual' } }, ...nodes], edges }, ...extra },
    });
  const live = async (journey: { id: string }) => callOk(app, admin(), 'POST', `/api/v1/journeys/${journey.id}/publish`);
  const enroll = (journeyId: string, personId: string) =>
    app.http.inject({ method: 'POST', url: `/api/v1/journeys/${journeyId}/enrollments`, headers: admin(), payload: { person_id: personId } });

  before(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({ config: { smtpHost: '127.0.0.1', smtpPort: smtp.port, publicUrl: 'http://crm.example.test', mailFrom: 'Rapport <no-reply@crm.example.test>' } });
    ws = await createTestWorkspace(app, 'journeys');
    other = await createTestWorkspace(app, 'journeys-other');
    await liftSendingLimits(app, admin(), { from: 'Shop <news@shop.test>', unsubscribe_mailto: 'unsubscribe@shop.test' });
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  test('abandoned cart: the event enrolls, the reminder arrives after the wait, an order reaches the goal and the discount is never sent', async () => {
    const journey = await callOk(app, admin(), 'POST', '/api/v1/journeys/from-template', { template: 'abandoned-cart' });
    assert.equal(journey.status, 'draft');
    assert.deepEqual(journey.definition.goal_events, ['order.created']);
    const published = await live(journey);
    assert.equal(published.status, 'live');
    assert.equal(published.current_version.number, 1);
    const anna = await newPerson();

    await app.conn.db.transaction().execute((tx) => emitEvent(tx, { db: tx, principal: systemPrincipal(ws.workspace.id) }, {
      name: 'cart.abandoned', entityType: 'person', entityId: anna.id, payload: { cart_id: 'c-1', value: '2500', currency: 'RUB' },
    }));
    await settle(app);
    await waitFor(journey.id, anna.id, 'waiting', 'step-1');
    assert.equal(mailsTo(anna.email).length, 0, 'nothing before the wait is over');

    await passWaits(journey.id);
    await until(() => mailsTo(anna.email).length === 1, 30_000);
    assert.match(mailsTo(anna.email)[0]!.subject ?? '', /корзин/i);
    await waitFor(journey.id, anna.id, 'waiting', 'step-3');

    // The same event relayed again enrolls nobody twice.
    const event = (await sql<{ id: string }>`select id from domain_event where name = 'cart.abandoned' and entity_id = ${anna.id}`.execute(app.conn.db)).rows[0]!;
    const { handleJourneyEvent } = await import('./journey-engine.ts');
    await handleJourneyEvent(app.conn.db, app.jobs, {
      id: event.id, workspaceId: ws.workspace.id, name: 'cart.abandoned', entityType: 'person', entityId: anna.id, payload: {}, actorType: 'system', actorId: null, occurredAt: new Date().toISOString(),
    });
    assert.equal((await enrollments(journey.id)).length, 1);

    await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Чайник', sku: 'KET-1', category: 'Кухня', price: '2500', currency: 'RUB' });
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/o-1', { customer: { email: anna.email }, currency: 'RUB', lines: [{ sku: 'KET-1', quantity: 1 }], status: 'paid' });
    await settle(app);
    await waitFor(journey.id, anna.id, 'goal_reached');
    await passWaits(journey.id);
    await settle(app);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(mailsTo(anna.email).length, 1, 'the discount is never sent after the purchase');

    const counts = (await callOk(app, admin(), 'GET', `/api/v1/journeys/${journey.id}/counts`)).nodes as { node_id: string; waiting: number; passed: number; exited: number }[];
    const at = (id: string) => counts.find((c) => c.node_id === id) ?? { waiting: 0, passed: 0, exited: 0 };
    assert.equal(at('step-2').passed, 1, 'the reminder was passed');
    assert.equal(at('step-3').exited, 1, 'the purchase ended the enrollment at the second wait');
    assert.equal(at('step-4').passed, 0, 'nobody reached the discount');
    const personJourneys = (await callOk(app, admin(), 'GET', `/api/v1/people/${anna.id}/journeys`)).data;
    assert.equal(personJourneys[0].status, 'goal_reached');
  });

  test('abandoned cart: the reminder’s one-click unsubscribe withdraws consent, so the discount step is skipped, not sent', async () => {
    const journey = (await callOk(app, admin(), 'GET', '/api/v1/journeys')).data.find((j: { template_key: string }) => j.template_key === 'abandoned-cart');
    const vera = await newPerson();
    await app.conn.db.transaction().execute((tx) => emitEvent(tx, { db: tx, principal: systemPrincipal(ws.workspace.id) }, {
      name: 'cart.abandoned', entityType: 'person', entityId: vera.id, payload: { cart_id: 'c-2' },
    }));
    await settle(app);
    await waitFor(journey.id, vera.id, 'waiting', 'step-1');
    await passWaits(journey.id);
    await until(() => mailsTo(vera.email).length === 1, 30_000);
    const line = mailsTo(vera.email)[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = new URL(/<(http[^>]+)>/.exec(line)![1]!);
    const res = await app.http.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(res.statusCode, 200, res.body);
    await waitFor(journey.id, vera.id, 'waiting', 'step-3');
    await passWaits(journey.id);
    await waitFor(journey.id, vera.id, 'exited', 'step-5');
    let discount: { status: string; skip_reason: string | null } | undefined;
    await until(async () => {
      discount = (await sql<{ status: string; skip_reason: string | null }>`
        select status, skip_reason from message where person_id = ${vera.id} and idempotency_key like ${'%:node:step-4:%'}`.execute(app.conn.db)).rows[0];
      return discount?.status === 'skipped';
    }, 30_000);
    assert.equal(discount!.skip_reason, 'withdrawn');
    assert.equal(mailsTo(vera.email).length, 1);
  });

  test('unpaid order: paying before the reminder goes out reaches the goal, and only the one who did not pay is reminded', async () => {
    const journey = await callOk(app, admin(), 'POST', '/api/v1/journeys/from-template', { template: 'unpaid-order' });
    assert.deepEqual(journey.definition.goal_events, ['order.paid']);
    // An hour's grace before the reminder holds people in the journey, so a payment can come first.
    const definition = journey.definition as { graph: { nodes: object[]; edges: { from: string; to: string }[] } };
    definition.graph.nodes.push({ id: 'grace', type: 'wait', wait: { mode: 'duration', minutes: 60 } });
    definition.graph.edges = [...definition.graph.edges.map((e) => (e.from === 'trigger' ? { from: 'trigger', to: 'grace' } : e)), { from: 'grace', to: 'step-1' }];
    await callOk(app, admin(), 'PATCH', `/api/v1/journeys/${journey.id}`, { definition });
    await live(journey);
    const payer = await newPerson();
    const debtor = await newPerson();
    const placedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const order = (email: string) => ({ customer: { email }, currency: 'RUB', placed_at: placedAt, lines: [{ name: 'Фильтр для воды', quantity: 1, unit_price: '1500' }] });
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/unpaid-1', order(payer.email));
    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/unpaid-2', order(debtor.email));
    assert.equal(await sweepUnpaidOrders(app.conn.db), 2);
    await settle(app);
    await waitFor(journey.id, payer.id, 'waiting', 'grace');
    await waitFor(journey.id, debtor.id, 'waiting', 'grace');

    await callOk(app, admin(), 'PUT', '/api/v1/orders/by-external-id/unpaid-1', { ...order(payer.email), status: 'paid' });
    await settle(app);
    await waitFor(journey.id, payer.id, 'goal_reached', 'grace');
    await passWaits(journey.id);
    await waitFor(journey.id, debtor.id, 'exited', 'step-2');
    await settle(app);
    const messages = async (personId: string) => (await sql<{ n: number }>`select count(*)::int as n from message where person_id = ${personId}`.execute(app.conn.db)).rows[0]!.n;
    assert.equal(await messages(payer.id), 0, 'the payer is never reminded');
    assert.equal(await messages(debtor.id), 1, 'the one who did not pay is');
    const reached = await sql<{ outcome: string; detail: string }>`
      select l.outcome, l.detail from journey_step_log l join journey_enrollment e on e.id = l.enrollment_id
      where e.journey_id = ${journey.id} and e.person_id = ${payer.id} order by l.at desc limit 1`.execute(app.conn.db);
    assert.deepEqual(reached.rows[0], { outcome: 'goal_reached', detail: 'order.paid' });
  });

  test('exactly once: running a send step again after a crash sends nothing more', async () => {
    const template = (await callOk(app, admin(), 'GET', '/api/v1/templates')).data.find((t: { name: string }) => t.name === 'Брошенная корзина: напоминание');
    const journey = await manualJourney('Один раз', [{ id: 'mail', type: 'send', channel: 'email', template_id: template.id }], [{ from: 'start', to: 'mail' }]);
    await live(journey);
    const boris = await newPerson();
    const { enrollment_id: enrollmentId } = (await enroll(journey.id, boris.id)).json();
    await waitFor(journey.id, boris.id, 'completed');
    await until(() => mailsTo(boris.email).length === 1, 30_000);
    // A crash after queueing the message and before moving on leaves the enrollment on the send step.
    await sql`update journey_enrollment set status = 'active', current_node = 'mail', finished_at = null where id = ${enrollmentId}`.execute(app.conn.db);
    const deps = { db: app.conn.db, jobs: app.jobs, log: pino({ level: 'silent' }), records: app.records };
    const data = { workspace_id: ws.workspace.id, enrollment_id: enrollmentId, node_id: 'mail' };
    await Promise.all([advanceEnrollment(deps, data), advanceEnrollment(deps, data)]);
    await advanceEnrollment(deps, data);
    const messages = await sql<{ n: number }>`select count(*)::int as n from message where person_id = ${boris.id}`.execute(app.conn.db);
    assert.equal(messages.rows[0]!.n, 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(mailsTo(boris.email).length, 1);
    const steps = await sql<{ n: number }>`select count(*)::int as n from journey_step_log where enrollment_id = ${enrollmentId} and node_id = 'mail'`.execute(app.conn.db);
    assert.equal(steps.rows[0]!.n, 2, 'the first run and the one replay that found it active; the others did nothing');
  });

  test('versioning: editing a live journey starts version 2 for new people; those inside finish on version 1', async () => {
    const nodes = (minutes: number) => [{ id: 'pause', type: 'wait', wait: { mode: 'duration', minutes } }, { id: 'tag', type: 'update', update: { action: 'add_tag', tag: `v-${minutes}` } }];
    const edges = [{ from: 'start', to: 'pause' }, { from: 'pause', to: 'tag' }];
    const journey = await manualJourney('Версии', nodes(60), edges);
    await live(journey);
    const first = await newPerson();
    await enroll(journey.id, first.id);
    await waitFor(journey.id, first.id, 'waiting', 'pause');
    const edited = await callOk(app, admin(), 'PATCH', `/api/v1/journeys/${journey.id}`, { definition: { graph: { nodes: [{ id: 'start', type: 'trigger', trigger: { kind: 'manual' } }, ...nodes(30)], edges } } });
    assert.equal(edited.current_version.number, 2);
    const second = await newPerson();
    await enroll(journey.id, second.id);
    await waitFor(journey.id, second.id, 'waiting', 'pause');
    await passWaits(journey.id);
    await waitFor(journey.id, first.id, 'completed');
    await waitFor(journey.id, second.id, 'completed');
    const all = await enrollments(journey.id);
    assert.equal(all.find((e) => e.person_id === first.id)!.version_number, 1);
    assert.equal(all.find((e) => e.person_id === second.id)!.version_number, 2);
    const tags = async (id: string) => (await callOk(app, admin(), 'GET', `/api/v1/people/${id}`)).tags;
    assert.deepEqual(await tags(first.id), ['v-60']);
    assert.deepEqual(await tags(second.id), ['v-30']);
  });

  test('a condition routes by a segment rule and a random split sends each person to their stable branch, with a holdout', async () => {
    const journey = await manualJourney('Ветвление', [
      { id: 'moscow', type: 'condition', rule: { kind: 'group', match: 'all', rules: [{ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }] } },
      { id: 'tag-moscow', type: 'update', update: { action: 'add_tag', tag: 'moscow' } },
      { id: 'ab', type: 'split', branches: [{ key: 'a', percent: 50 }, { key: 'holdout', percent: 50 }] },
      { id: 'tag-a', type: 'update', update: { action: 'add_tag', tag: 'a' } },
      { id: 'out', type: 'exit' },
    ], [
      { from: 'start', to: 'moscow' }, { from: 'moscow', to: 'tag-moscow', branch: 'yes' }, { from: 'moscow', to: 'ab', branch: 'no' },
      { from: 'ab', to: 'tag-a', branch: 'a' }, { from: 'ab', to: 'out', branch: 'holdout' },
    ]);
    const published = await live(journey);
    const muscovite = await newPerson({ city: 'Москва' });
    const others = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newPerson({ city: 'Казань' })));
    for (const p of [muscovite, ...others]) assert.equal((await enroll(journey.id, p.id)).statusCode, 201);
    for (const p of [muscovite, ...others]) await until(async () => ['completed', 'exited'].includes((await enrollmentOf(journey.id, p.id))?.status ?? ''), 30_000);
    const tags = async (id: string) => (await callOk(app, admin(), 'GET', `/api/v1/people/${id}`)).tags as string[];
    assert.deepEqual(await tags(muscovite.id), ['moscow']);
    for (const p of others) {
      const isA = splitBucket(published.current_version.id, 'ab', p.id) < 50;
      assert.deepEqual(await tags(p.id), isA ? ['a'] : [], `split of ${p.id}`);
      assert.equal((await enrollmentOf(journey.id, p.id))!.status, isA ? 'completed' : 'exited');
    }
  });

  test('re-entry rules: once keeps a person out, always lets them in again after they finish', async () => {
    const steps = [{ id: 'tag', type: 'update', update: { action: 'add_tag', tag: 'again' } }];
    const edges = [{ from: 'start', to: 'tag' }];
    const once = await manualJourney('Однажды', steps, edges, { reentry: { mode: 'once' } });
    const always = await manualJourney('Всегда', steps, edges, { reentry: { mode: 'always' } });
    const wait = await manualJourney('Через 30 дней', steps, edges, { reentry: { mode: 'after_days', days: 30 } });
    await Promise.all([live(once), live(always), live(wait)]);
    const person = await newPerson();
    for (const j of [once, always, wait]) {
      assert.equal((await enroll(j.id, person.id)).statusCode, 201);
      await waitFor(j.id, person.id, 'completed');
    }
    const refused = await enroll(once.id, person.id);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'JOURNEY_NOT_ENROLLED');
    assert.equal((await enroll(wait.id, person.id)).statusCode, 409);
    assert.equal((await enroll(always.id, person.id)).statusCode, 201);
    await until(async () => (await enrollments(always.id)).filter((e) => e.status === 'completed').length === 2, 30_000);
  });

  test('a deleted person leaves the journeys they were in', async () => {
    const journey = await manualJourney('Удаление', [{ id: 'pause', type: 'wait', wait: { mode: 'duration', minutes: 60 } }, { id: 'out', type: 'exit' }],
      [{ from: 'start', to: 'pause' }, { from: 'pause', to: 'out' }]);
    await live(journey);
    const person = await newPerson();
    await enroll(journey.id, person.id);
    await waitFor(journey.id, person.id, 'waiting', 'pause');
    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}`, headers: admin() })).statusCode, 204);
    await settle(app);
    const state = await sql<{ status: string }>`select status from journey_enrollment where person_id = ${person.id}`.execute(app.conn.db);
    assert.deepEqual(state.rows.map((r) => r.status), ['exited']);
  });

  test('a webhook step posts signed JSON and is retried until the receiver accepts it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const journey = await manualJourney('Вебхук', [{ id: 'hook', type: 'webhook', url: receiver.url, secret: 'hook-secret-123' }], [{ from: 'start', to: 'hook' }]);
      await live(journey);
      const person = await newPerson();
      await enroll(journey.id, person.id);
      await until(() => receiver.calls.length >= 2, 90_000);
      await waitFor(journey.id, person.id, 'completed');
      const call = receiver.calls[1]!;
      assert.equal(call.headers['x-rapport-signature'], `sha256=${createHmac('sha256', 'hook-secret-123').update(call.raw).digest('hex')}`);
      assert.equal(JSON.parse(call.raw).person_id, person.id);
      assert.equal(call.headers['idempotency-key'], receiver.calls[0]!.headers['idempotency-key']);
    } finally {
      await receiver.close();
    }
  });

  test('a webhook that keeps failing ends the enrollment as failed once its retries are spent, with the status in the step log', async () => {
    const receiver = await startWebhookReceiver(() => 500);
    const queue = (await app.jobs.boss.getQueue(ADVANCE_JOB))!;
    // The same five retries, a second apart instead of backing off from 5 s, so the test takes seconds.
    await app.jobs.boss.updateQueue(ADVANCE_JOB, { name: ADVANCE_JOB, retryLimit: 5, retryDelay: 1, retryBackoff: false });
    try {
      const journey = await manualJourney('Вебхук без ответа', [
        { id: 'hook', type: 'webhook', url: receiver.url },
        { id: 'tag', type: 'update', update: { action: 'add_tag', tag: 'after-hook' } },
      ], [{ from: 'start', to: 'hook' }, { from: 'hook', to: 'tag' }]);
      await live(journey);
      const person = await newPerson();
      const { enrollment_id: enrollmentId } = (await enroll(journey.id, person.id)).json();
      await waitFor(journey.id, person.id, 'failed', 'hook');
      assert.equal(receiver.calls.length, 6, 'the first call and five retries');
      assert.equal(new Set(receiver.calls.map((c) => c.headers['idempotency-key'])).size, 1);
      const steps = await sql<{ node_id: string; outcome: string; detail: string | null }>`
        select node_id, outcome, detail from journey_step_log where enrollment_id = ${enrollmentId} order by at, id`.execute(app.conn.db);
      assert.deepEqual(steps.rows.map((r) => [r.node_id, r.outcome, r.detail]), [['start', 'entered', null], ['hook', 'webhook_failed', 'HTTP 500']]);
      assert.deepEqual((await callOk(app, admin(), 'GET', `/api/v1/people/${person.id}`)).tags ?? [], [], 'the step after the webhook never ran');
      const counts = (await callOk(app, admin(), 'GET', `/api/v1/journeys/${journey.id}/counts`)).nodes as { node_id: string; waiting: number; passed: number; exited: number }[];
      assert.deepEqual(counts.find((c) => c.node_id === 'hook'), { node_id: 'hook', waiting: 0, passed: 0, exited: 1 });
    } finally {
      await app.jobs.boss.updateQueue(ADVANCE_JOB, { name: ADVANCE_JOB, retryLimit: queue.retryLimit, retryDelay: queue.retryDelay, retryBackoff: queue.retryBackoff });
      await receiver.close();
    }
  });

  test('a graph is checked on save: errors name the offending field', async () => {
    // The VIP entry brings its SMS template along.
    const vip = await callOk(app, admin(), 'POST', '/api/v1/journeys/from-template', { template: 'vip' });
    assert.equal(vip.definition.graph.nodes[0].trigger.kind, 'manual', 'without a VIP segment the journey starts by hand');
    const template = (await callOk(app, admin(), 'GET', '/api/v1/templates')).data.find((t: { channel: string }) => t.channel === 'sms');
    const save = (nodes: object[], edges: object[]) => app.http.inject({
      method: 'POST', url: '/api/v1/journeys', headers: admin(),
      payload: { name: `Ошибка ${++personNumber}`, definition: { graph: { nodes: [{ id: 'start', type: 'trigger', trigger: { kind: 'manual' } }, ...nodes], edges } } },
    });
    const expectError = async (res: Awaited<ReturnType<typeof save>>, code: string, field: string) => {
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, code);
      assert.equal(res.json().field, field, res.body);
    };
    await expectError(await save([{ id: 'x', type: 'exit' }], [{ from: 'start', to: 'nowhere' }]), 'JOURNEY_GRAPH_INVALID', 'graph.edges.0.to');
    await expectError(await save([{ id: 'x', type: 'exit' }, { id: 'y', type: 'exit' }], [{ from: 'start', to: 'x' }]), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.2');
    await expectError(await save([{ id: 'c', type: 'condition', rule: { kind: 'profile', field: 'city', op: 'eq', value: 'Москва' } }, { id: 'x', type: 'exit' }],
      [{ from: 'start', to: 'c' }, { from: 'c', to: 'x', branch: 'yes' }]), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.1');
    await expectError(await save([{ id: 'm', type: 'send', channel: 'email', template_id: template.id }], [{ from: 'start', to: 'm' }]), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.1.template_id');
    await expectError(await save([{ id: 'c', type: 'condition', rule: { kind: 'profile', field: 'no_such_field', op: 'eq', value: 1 } }, { id: 'x', type: 'exit' }],
      [{ from: 'start', to: 'c' }, { from: 'c', to: 'x', branch: 'yes' }, { from: 'c', to: 'x', branch: 'no' }]), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.1.rule.field');
    await expectError(await save([{ id: 's', type: 'split', branches: [{ key: 'a', percent: 30 }, { key: 'b', percent: 30 }] }, { id: 'x', type: 'exit' }],
      [{ from: 'start', to: 's' }, { from: 's', to: 'x', branch: 'a' }, { from: 's', to: 'x', branch: 'b' }]), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.1.branches');
    await expectError(await save([{ id: 'start', type: 'trigger', trigger: { kind: 'manual' } }], []), 'JOURNEY_GRAPH_INVALID', 'graph.nodes.1.id');
    const schemaError = await save([{ id: 'w', type: 'wait', wait: { mode: 'duration', minutes: 0 } }], [{ from: 'start', to: 'w' }]);
    assert.equal(schemaError.statusCode, 400);
    assert.equal(schemaError.json().code, 'VALIDATION_FAILED');
    assert.match(schemaError.json().field, /^definition\.graph\.nodes\.1/);
  });

  test('tenant isolation: another workspace neither sees the journeys nor enrolls its people in them', async () => {
    const mine = (await callOk(app, admin(), 'GET', '/api/v1/journeys')).data as { id: string; name: string }[];
    assert.ok(mine.length > 0);
    assert.deepEqual((await callOk(app, other.adminKeyHeaders, 'GET', '/api/v1/journeys')).data, []);
    const target = mine.find((j) => j.name === 'Всегда')!;
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/journeys/${target.id}`, headers: other.adminKeyHeaders })).statusCode, 404);
    assert.equal((await app.http.inject({ method: 'POST', url: `/api/v1/journeys/${target.id}/pause`, headers: other.adminKeyHeaders })).statusCode, 404);
    const stranger = (await callOk(app, other.adminKeyHeaders, 'POST', '/api/v1/people', { first_name: 'Чужой' })).id as string;
    const res = await enroll(target.id, stranger);
    assert.equal(res.statusCode, 404);
    // An event in the other workspace starts none of this workspace's journeys.
    await app.conn.db.transaction().execute((tx) => emitEvent(tx, { db: tx, principal: systemPrincipal(other.workspace.id) }, {
      name: 'cart.abandoned', entityType: 'person', entityId: stranger, payload: {},
    }));
    await settle(app);
    const count = await sql<{ n: number }>`select count(*)::int as n from journey_enrollment where person_id = ${stranger}`.execute(app.conn.db);
    assert.equal(count.rows[0]!.n, 0);
    // A read-only member reads journeys but may not change them.
    const readOnly = ws.actors.readOnly.headers;
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/journeys', headers: readOnly })).statusCode, 200);
    assert.equal((await app.http.inject({ method: 'POST', url: `/api/v1/journeys/${target.id}/pause`, headers: readOnly })).statusCode, 403);
  });
});
