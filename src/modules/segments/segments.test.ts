import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../platform/ids.ts';
import { scoreCustomers } from '../customer-value/index.ts';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import type { SegmentRule } from './segment-rules.schema.ts';

type Workspace = Awaited<ReturnType<typeof createTestWorkspace>>;

const all = (...rules: SegmentRule[]): SegmentRule => ({ kind: 'group', match: 'all', rules });
const any = (...rules: SegmentRule[]): SegmentRule => ({ kind: 'group', match: 'any', rules });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('segments', () => {
  let app: TestApp;
  let ws: Workspace;
  let other: Workspace;
  /** The people of the hand-checked data set, by first name. */
  const people: Record<string, string> = {};
  let kettleId: string;

  const admin = () => ws.actors.admin.headers;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  /** Who the rules select, by first name, through the preview (its sample holds up to 20). */
  const matching = async (rules: SegmentRule, headers = admin()): Promise<string[]> => {
    const preview = await callOk(app, headers, 'POST', '/api/v1/segments/preview', { rules });
    const names = Object.fromEntries(Object.entries(people).map(([name, id]) => [id, name]));
    const found = (preview.sample as { id: string }[]).map((p) => names[p.id] ?? p.id).sort();
    assert.equal(preview.count, found.length, 'the count is the sample while fewer than 20 match');
    return found;
  };
  const order = (email: string, external: string, lines: object[], extra: object = {}) =>
    callOk(app, admin(), 'PUT', `/api/v1/orders/by-external-id/${external}`, { customer: { email }, currency: 'RUB', lines, status: 'paid', ...extra });
  const track = async (events: object[]) => {
    const stored = await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/events/batch', { events });
    assert.equal(stored.accepted, events.length, JSON.stringify(stored.rejected));
  };
  /** Sets a scored person's values by hand; the scoring pass made their row (and the workspace's partition of scores). */
  const score = async (personId: string, values: { rfm_segment: string; churn_risk: string | null; clv: number | null; p_alive: number | null }) => {
    const updated = await sql`update customer_score set rfm_segment = ${values.rfm_segment}, churn_risk = ${values.churn_risk}, clv = ${values.clv}, p_alive = ${values.p_alive}
      where workspace_id = ${ws.workspace.id} and person_id = ${personId}`.execute(app.conn.db);
    assert.equal(Number(updated.numAffectedRows), 1);
  };
  const memberIds = async (segmentId: string, headers = admin()) =>
    ((await callOk(app, headers, 'GET', `/api/v1/segments/${segmentId}/members?limit=200`)).data as { person_id: string }[]).map((m) => m.person_id).sort();
  const segmentEvents = async (personId: string) => (await sql<{ name: string; segment_id: string }>`
    select name, payload ->> 'segment_id' as segment_id from domain_event
    where workspace_id = ${ws.workspace.id} and entity_id = ${personId} and name like 'segment.%' order by id`.execute(app.conn.db)).rows;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'segments');
    other = await createTestWorkspace(app, 'segments-other');
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', {
      object_type: 'person', key: 'tier', label: 'Уровень', kind: 'select', options: [{ value: 'gold', label: 'Золото' }, { value: 'silver', label: 'Серебро' }],
    });
    const person = async (first: string, body: object, headers = admin()) => {
      people[first] = (await callOk(app, headers, 'POST', '/api/v1/people', { first_name: first, last_name: 'Тестова', ...body })).id as string;
    };
    await person('Анна', { email: 'anna@shop.test', city: 'Москва', tags: ['vip'], lifecycle_stage: 'customer', custom: { tier: 'gold' } });
    await person('Борис', { email: 'boris@shop.test', phone: '+79161234567', city: 'Казань', lifecycle_stage: 'customer', custom: { tier: 'silver' } });
    await person('Вера', { email: 'vera@shop.test', city: 'Москва', lifecycle_stage: 'lead' });
    // Owned by the operator: the only one in the operator's scope.
    await person('Глеб', { email: 'gleb@shop.test', city: 'Пермь', lifecycle_stage: 'prospect', tags: ['опт'] }, ws.actors.operator.headers);

    kettleId = (await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Чайник', sku: 'KET-1', category: 'Кухня', price: '2500', currency: 'RUB' })).id as string;
    await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Плед', sku: 'PLD-2', category: 'Текстиль', price: '1000', currency: 'RUB' });
    // Анна: two orders, a kettle 10 days ago (2 500) and a plaid 200 days ago (1 000).
    await order('anna@shop.test', 'a-1', [{ sku: 'KET-1', quantity: 1 }], { placed_at: daysAgo(10) });
    await order('anna@shop.test', 'a-2', [{ sku: 'PLD-2', quantity: 1 }], { placed_at: daysAgo(200) });
    // Борис: one plaid order 120 days ago (3 000) and one cancelled kettle order, which does not count.
    await order('boris@shop.test', 'b-1', [{ sku: 'PLD-2', quantity: 3 }], { placed_at: daysAgo(120) });
    await order('boris@shop.test', 'b-2', [{ sku: 'KET-1', quantity: 1 }], { placed_at: daysAgo(5), status: 'cancelled' });

    // Анна viewed products three times this week; Вера once, 40 days ago; Борис added to cart yesterday.
    await track([
      { id: 'anna-view-1', type: 'product_view', person_id: people['Анна'], occurred_at: daysAgo(1), properties: { sku: 'KET-1' } },
      { id: 'anna-view-2', type: 'product_view', person_id: people['Анна'], occurred_at: daysAgo(2), properties: { sku: 'KET-1' } },
      { id: 'anna-view-3', type: 'product_view', person_id: people['Анна'], occurred_at: daysAgo(3), properties: { sku: 'PLD-2' } },
      { id: 'vera-view-1', type: 'product_view', person_id: people['Вера'], occurred_at: daysAgo(40), properties: { sku: 'KET-1' } },
      { id: 'boris-cart-1', type: 'add_to_cart', person_id: people['Борис'], occurred_at: daysAgo(1), properties: { sku: 'KET-1', quantity: 1, price: 2500 } },
    ]);
    await scoreCustomers(app.conn.db, ws.workspace.id);
    await score(people['Анна']!, { rfm_segment: 'champions', churn_risk: 'low', clv: 50_000, p_alive: 0.95 });
    await score(people['Борис']!, { rfm_segment: 'at_risk', churn_risk: 'high', clv: 4_000, p_alive: 0.3 });
    await callOk(app, admin(), 'POST', `/api/v1/people/${people['Вера']}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${people['Анна']}/consents`, { channel: 'email', purpose: 'marketing', status: 'withdrawn' });
    await settle(app);
  });
  after(() => app.close());

  test('profile, custom-field, tag and lifecycle conditions go through the filter language', async () => {
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' })), ['Анна', 'Вера']);
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'tags', op: 'contains', value: 'vip' })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'lifecycle_stage', op: 'in', value: ['lead', 'prospect'] })), ['Вера', 'Глеб']);
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'custom.tier', op: 'eq', value: 'silver' })), ['Борис']);
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'phone', op: 'eq', value: '8 (916) 123-45-67' })), ['Борис'], 'values are normalised as on write');
  });

  test('order conditions: count, sum, days since the last, product, category and window; cancelled orders are not purchases', async () => {
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'gte', value: 2 })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'gte', value: 1 })), ['Анна', 'Борис']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'eq', value: 0 })), ['Вера', 'Глеб']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'sum', op: 'gte', value: 3000 })), ['Анна', 'Борис']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'sum', op: 'gt', value: 3000 })), ['Анна'], '2 500 + 1 000');
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'days_since_last', op: 'gte', value: 90 })), ['Борис'], 'his cancelled order 5 days ago does not count');
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'gte', value: 1, product_id: kettleId })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'gte', value: 1, category: 'Текстиль' })), ['Анна', 'Борис']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'count', op: 'gte', value: 1, category: 'Текстиль', within_days: 150 })), ['Борис']);
    assert.deepEqual(await matching(all({ kind: 'orders', metric: 'sum', op: 'gte', value: 2000, within_days: 30 })), ['Анна']);
  });

  test('event conditions: did at least N times within a window, or did not', async () => {
    assert.deepEqual(await matching(all({ kind: 'event', event_type: 'product_view', did: true, at_least: 3, within_days: 7 })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'event', event_type: 'product_view', did: true, at_least: 1 })), ['Анна', 'Вера']);
    assert.deepEqual(await matching(all({ kind: 'event', event_type: 'product_view', did: true, at_least: 1, within_days: 30 })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'event', event_type: 'product_view', did: false, at_least: 1, within_days: 30 })), ['Борис', 'Вера', 'Глеб']);
    assert.deepEqual(await matching(all({ kind: 'event', event_type: 'add_to_cart', did: true, at_least: 1, within_days: 7 })), ['Борис']);
  });

  test('customer-value conditions: RFM segment, churn-risk band, CLV and P(alive)', async () => {
    assert.deepEqual(await matching(all({ kind: 'rfm_segment', values: ['champions', 'loyal'] })), ['Анна']);
    assert.deepEqual(await matching(all({ kind: 'churn_risk', values: ['high'] })), ['Борис']);
    assert.deepEqual(await matching(all({ kind: 'clv', op: 'gte', value: 4000 })), ['Анна', 'Борис']);
    assert.deepEqual(await matching(all({ kind: 'p_alive', op: 'lt', value: 0.5 })), ['Борис']);
  });

  test('consent conditions follow the consent ledger', async () => {
    assert.deepEqual(await matching(all({ kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true })), ['Вера']);
    assert.deepEqual(await matching(all({ kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: false })), ['Анна', 'Борис', 'Глеб']);
    assert.deepEqual(await matching(all({ kind: 'consent', channel: 'email', purpose: 'service', is_contactable: true })), ['Анна', 'Борис', 'Вера', 'Глеб'], 'service mail needs no opt-in');
  });

  test('AND and OR groups nest', async () => {
    const moscowBuyersOrCarts = any(
      all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }, { kind: 'orders', metric: 'count', op: 'gte', value: 1 }),
      all({ kind: 'event', event_type: 'add_to_cart', did: true, at_least: 1 }, any({ kind: 'churn_risk', values: ['high'] }, { kind: 'clv', op: 'gt', value: 1e6 })),
    );
    assert.deepEqual(await matching(moscowBuyersOrCarts), ['Анна', 'Борис']);
    assert.deepEqual(await matching(all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }, any({ kind: 'orders', metric: 'count', op: 'eq', value: 0 }, { kind: 'clv', op: 'gt', value: 1e6 }))), ['Вера']);
  });

  test('bad rules are refused as problem+json naming the offending field', async () => {
    const refused = async (rules: unknown, code: string, field: string) => {
      const res = await call('POST', '/api/v1/segments/preview', { rules });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json().code, code);
      assert.equal(res.json().field, field);
    };
    await refused(all({ kind: 'profile', field: 'no_such_field', op: 'eq', value: 1 }), 'SEGMENT_RULE_INVALID', 'rules.rules.0.field');
    await refused(all({ kind: 'profile', field: 'city', op: 'gt', value: 'A' }), 'SEGMENT_RULE_INVALID', 'rules.rules.0.op');
    await refused(all({ kind: 'profile', field: 'custom.tier', op: 'eq', value: 'platinum' }), 'SEGMENT_RULE_INVALID', 'rules.rules.0.value');
    await refused(all(any({ kind: 'orders', metric: 'count', op: 'gte', value: -1 })), 'VALIDATION_FAILED', 'rules.rules.0.rules.0.value');
    await refused({ kind: 'group', match: 'all', rules: [{ kind: 'rfm_segment', values: ['superstars'] }] }, 'VALIDATION_FAILED', 'rules.rules.0.values.0');
    await refused(all({ kind: 'segment', segment_id: newId(), is_member: true }), 'SEGMENT_RULE_INVALID', 'rules.rules.0.segment_id');
    const noRules = await call('POST', '/api/v1/segments', { name: 'Без правил', kind: 'dynamic' });
    assert.equal(noRules.json().field, 'rules');
    await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Одно имя', kind: 'static' });
    const twice = await call('POST', '/api/v1/segments', { name: 'одно ИМЯ', kind: 'static' });
    assert.equal(twice.statusCode, 409);
    assert.deepEqual([twice.json().code, twice.json().field], ['SEGMENT_NAME_TAKEN', 'name']);
  });

  test('a full evaluation stores members and history and announces each entry and exit once', async () => {
    const segment = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Москвичи', kind: 'dynamic', rules: all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }) });
    assert.equal(segment.member_count, 2);
    assert.ok(segment.evaluated_at);
    assert.deepEqual(await memberIds(segment.id), [people['Анна'], people['Вера']].sort());
    // Вера moves without an event (as an import of raw rows would): only a full evaluation sees it.
    await sql`update person set city = 'Тула' where workspace_id = ${ws.workspace.id} and id = ${people['Вера']}`.execute(app.conn.db);
    assert.deepEqual(await callOk(app, admin(), 'POST', `/api/v1/segments/${segment.id}/evaluate`), { entered: 0, exited: 1, member_count: 1 });
    assert.deepEqual(await callOk(app, admin(), 'POST', `/api/v1/segments/${segment.id}/evaluate`), { entered: 0, exited: 0, member_count: 1 }, 'a second run finds nothing to change');
    assert.deepEqual(await memberIds(segment.id), [people['Анна']]);
    const history = (await callOk(app, admin(), 'GET', `/api/v1/segments/${segment.id}/history`)).data as { person_id: string; change: string }[];
    assert.deepEqual(history.map((h) => [h.person_id === people['Вера'] ? 'Вера' : 'Анна', h.change]).sort(), [['Анна', 'entered'], ['Вера', 'entered'], ['Вера', 'exited']]);
    const events = (await segmentEvents(people['Вера']!)).filter((e) => e.segment_id === segment.id);
    assert.deepEqual(events.map((e) => e.name), ['segment.entered', 'segment.exited']);
    const mine = await callOk(app, admin(), 'GET', `/api/v1/people/${people['Вера']}/segments`);
    assert.ok(!mine.memberships.some((m: { segment_id: string }) => m.segment_id === segment.id));
    assert.deepEqual(mine.history.filter((h: { segment_id: string }) => h.segment_id === segment.id).map((h: { change: string }) => h.change), ['exited', 'entered']);
    const audit = (await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=segment')).data as { entity_id: string; action: string }[];
    assert.ok(audit.some((a) => a.entity_id === segment.id && a.action === 'create'), 'creating a segment is audited');
    await sql`update person set city = 'Москва' where workspace_id = ${ws.workspace.id} and id = ${people['Вера']}`.execute(app.conn.db);
    assert.equal((await call('DELETE', `/api/v1/segments/${segment.id}`)).statusCode, 204);
  });

  test('real time: an order, a profile change, a consent or behaviour moves that one person at once', async () => {
    const buyers = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Два заказа', kind: 'dynamic', rules: all({ kind: 'orders', metric: 'count', op: 'gte', value: 2 }) });
    const subscribers = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Подписчики', kind: 'dynamic', rules: all({ kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true }) });
    const permians = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Пермь', kind: 'dynamic', rules: all({ kind: 'profile', field: 'city', op: 'eq', value: 'Пермь' }) });
    assert.deepEqual(await memberIds(buyers.id), [people['Анна']]);
    await order('boris@shop.test', 'b-3', [{ sku: 'KET-1', quantity: 1 }]);
    await callOk(app, admin(), 'POST', `/api/v1/people/${people['Вера']}/consents`, { channel: 'email', purpose: 'marketing', status: 'withdrawn' });
    await callOk(app, ws.actors.operator.headers, 'PATCH', `/api/v1/people/${people['Глеб']}`, { city: 'Самара' });
    await settle(app);
    assert.deepEqual(await memberIds(buyers.id), [people['Анна'], people['Борис']].sort());
    assert.deepEqual(await memberIds(subscribers.id), []);
    assert.deepEqual(await memberIds(permians.id), []);
    assert.deepEqual((await segmentEvents(people['Борис']!)).filter((e) => e.segment_id === buyers.id).map((e) => e.name), ['segment.entered']);
    assert.deepEqual((await segmentEvents(people['Глеб']!)).filter((e) => e.segment_id === permians.id).map((e) => e.name), ['segment.entered', 'segment.exited']);
    const timeline = await callOk(app, ws.actors.operator.headers, 'GET', `/api/v1/timeline?subject_type=person&subject_id=${people['Глеб']}`);
    assert.ok(timeline.data.some((e: { event: string }) => e.event === 'person.updated'), 'segment events leave the person’s timeline in its owner’s scope');
    await callOk(app, ws.actors.operator.headers, 'PATCH', `/api/v1/people/${people['Глеб']}`, { city: 'Пермь' });
    await callOk(app, admin(), 'POST', `/api/v1/people/${people['Вера']}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
    await settle(app);

    // Behaviour too: a batch of events names its people, and "viewed a product this week" takes Глеб in.
    const viewers = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Смотрели на неделе', kind: 'dynamic', rules: all({ kind: 'event', event_type: 'product_view', did: true, at_least: 1, within_days: 7 }) });
    assert.deepEqual(await memberIds(viewers.id), [people['Анна']]);
    await track([{ id: 'gleb-view-1', type: 'product_view', person_id: people['Глеб'], occurred_at: daysAgo(0), properties: { sku: 'PLD-2' } }]);
    await settle(app);
    assert.deepEqual(await memberIds(viewers.id), [people['Анна'], people['Глеб']].sort());
    assert.equal((await call('DELETE', `/api/v1/segments/${viewers.id}`)).statusCode, 204);
  });

  test('a segment may include another; a cycle is refused at the condition that closes it, and an included segment is not deleted', async () => {
    const buyers = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Покупатели', kind: 'dynamic', rules: all({ kind: 'orders', metric: 'count', op: 'gte', value: 1 }) });
    const moscowBuyers = await callOk(app, admin(), 'POST', '/api/v1/segments', {
      name: 'Покупатели из Москвы', kind: 'dynamic',
      rules: all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }, { kind: 'segment', segment_id: buyers.id, is_member: true }),
    });
    assert.deepEqual(await memberIds(moscowBuyers.id), [people['Анна']]);
    assert.deepEqual(await matching(all({ kind: 'segment', segment_id: buyers.id, is_member: false })), ['Вера', 'Глеб']);

    const cycle = await call('PATCH', `/api/v1/segments/${buyers.id}`, { rules: any({ kind: 'orders', metric: 'count', op: 'gte', value: 1 }, { kind: 'segment', segment_id: moscowBuyers.id, is_member: true }) });
    assert.equal(cycle.statusCode, 400);
    assert.deepEqual([cycle.json().code, cycle.json().field], ['SEGMENT_CYCLE', 'rules.rules.1.segment_id']);
    const self = await call('PATCH', `/api/v1/segments/${buyers.id}`, { rules: all({ kind: 'segment', segment_id: buyers.id, is_member: true }) });
    assert.equal(self.json().code, 'SEGMENT_CYCLE');

    // Вера's first order puts her in "buyers", and through it in "Moscow buyers", in real time.
    await order('vera@shop.test', 'v-1', [{ sku: 'PLD-2', quantity: 1 }]);
    await settle(app);
    assert.deepEqual(await memberIds(moscowBuyers.id), [people['Анна'], people['Вера']].sort());

    const inUse = await call('DELETE', `/api/v1/segments/${buyers.id}`);
    assert.deepEqual([inUse.statusCode, inUse.json().code], [409, 'SEGMENT_IN_USE']);
  });

  test('static lists take people by hand and by CSV, reporting rows nobody matched; dynamic segments refuse both', async () => {
    const list = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Выставка', kind: 'static', description: 'Гости стенда' });
    const unknown = newId();
    const added = await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/members`, { person_ids: [people['Анна'], unknown] });
    assert.deepEqual(added, { added: 1, removed: 0, not_found: [unknown] });
    const csv = 'Email,Телефон\nBORIS@shop.test,\n,+7 916 123-45-67\nnobody@shop.test,\n,12\n,\nanna@shop.test,\n';
    const imported = await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/import`, { csv });
    assert.equal(imported.rows, 6);
    assert.equal(imported.added, 1, 'Борис twice (email and phone) is added once; Анна was already there');
    assert.deepEqual(imported.unmatched, [
      { row: 4, value: 'nobody@shop.test', reason: 'not_found' }, { row: 5, value: '12', reason: 'invalid_phone' }, { row: 6, value: '', reason: 'empty' },
    ]);
    assert.deepEqual(await memberIds(list.id), [people['Анна'], people['Борис']].sort());
    assert.deepEqual(await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/members/remove`, { person_ids: [people['Анна']] }), { added: 0, removed: 1, not_found: [] });
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/segments/${list.id}`)).member_count, 1);
    assert.deepEqual((await segmentEvents(people['Анна']!)).filter((e) => e.segment_id === list.id).map((e) => e.name), ['segment.entered', 'segment.exited']);

    const badCsv = await call('POST', `/api/v1/segments/${list.id}/import`, { csv: 'name\nАнна\n' });
    assert.deepEqual([badCsv.statusCode, badCsv.json().code, badCsv.json().field], [400, 'SEGMENT_CSV_INVALID', 'csv']);
    const dynamic = (await callOk(app, admin(), 'GET', '/api/v1/segments')).data.find((s: { kind: string }) => s.kind === 'dynamic');
    const refused = await call('POST', `/api/v1/segments/${dynamic.id}/members`, { person_ids: [people['Вера']] });
    assert.deepEqual([refused.statusCode, refused.json().code], [409, 'SEGMENT_NOT_STATIC']);
  });

  test('a deleted person leaves every segment with an exit', async () => {
    const temp = (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Временный', city: 'Москва' })).id as string;
    const moscow = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Москва', kind: 'dynamic', rules: all({ kind: 'profile', field: 'city', op: 'eq', value: 'Москва' }) });
    assert.ok((await memberIds(moscow.id)).includes(temp));
    assert.equal((await call('DELETE', `/api/v1/people/${temp}`)).statusCode, 204);
    await settle(app);
    assert.ok(!(await memberIds(moscow.id)).includes(temp));
    assert.deepEqual((await segmentEvents(temp)).filter((e) => e.segment_id === moscow.id).map((e) => e.name), ['segment.entered', 'segment.exited']);
  });

  test('a merge moves list memberships to the survivor, who is evaluated with the merged person’s orders', async () => {
    const survivor = (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Ирина', last_name: 'Слияние', email: 'irina@shop.test' })).id as string;
    const merged = (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Ирина', last_name: 'Слияние', email: 'irina.old@shop.test' })).id as string;
    await order('irina.old@shop.test', 'i-1', [{ sku: 'KET-1', quantity: 1 }]);
    const list = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Участники акции', kind: 'static' });
    await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/members`, { person_ids: [merged] });
    const kettleBuyers = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Купили чайник', kind: 'dynamic', rules: all({ kind: 'orders', metric: 'count', op: 'gte', value: 1, product_id: kettleId }) });
    await settle(app);
    assert.ok((await memberIds(kettleBuyers.id)).includes(merged));
    await callOk(app, admin(), 'POST', '/api/v1/merges', { object_type: 'person', survivor_id: survivor, merged_id: merged });
    await settle(app);
    for (const segment of [list, kettleBuyers]) {
      const members = await memberIds(segment.id);
      assert.ok(members.includes(survivor) && !members.includes(merged), segment.name);
    }
    assert.deepEqual((await segmentEvents(merged)).filter((e) => e.segment_id === list.id).map((e) => e.name), ['segment.entered', 'segment.exited']);
  });

  test('members follow the reader’s scope, and only managers and administrators change segments', async () => {
    const operator = ws.actors.operator.headers;
    const everyone = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Все', kind: 'dynamic', rules: all({ kind: 'profile', field: 'first_name', op: 'is_not_empty' }) });
    assert.deepEqual(await memberIds(everyone.id, operator), [people['Глеб']]);
    const preview = await callOk(app, operator, 'POST', '/api/v1/segments/preview', { rules: everyone.rules });
    assert.deepEqual(preview.sample.map((p: { id: string }) => p.id), [people['Глеб']], 'the sample shows only the reader’s people');
    const refused = await call('POST', '/api/v1/segments', { name: 'Мой', kind: 'static' }, operator);
    assert.deepEqual([refused.statusCode, refused.json().code], [403, 'FORBIDDEN']);
    assert.equal((await call('PATCH', `/api/v1/segments/${everyone.id}`, { name: 'Все люди' }, operator)).statusCode, 403);
    assert.equal((await call('PATCH', `/api/v1/segments/${everyone.id}`, { name: 'Все люди' }, ws.actors.manager.headers)).statusCode, 200);
    const hidden = await call('GET', `/api/v1/people/${people['Анна']}/segments`, undefined, operator);
    assert.equal(hidden.statusCode, 404, 'a person outside the scope is not found');
  });

  test('workspaces are isolated: another sees none of the segments and can not include or read them', async () => {
    const own = (await callOk(app, admin(), 'GET', '/api/v1/segments')).data as { id: string }[];
    assert.ok(own.length > 0);
    const foreign = other.actors.admin.headers;
    assert.deepEqual((await callOk(app, foreign, 'GET', '/api/v1/segments')).data, []);
    assert.equal((await call('GET', `/api/v1/segments/${own[0]!.id}`, undefined, foreign)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/segments/${own[0]!.id}/members`, undefined, foreign)).statusCode, 404);
    const include = await call('POST', '/api/v1/segments/preview', { rules: all({ kind: 'segment', segment_id: own[0]!.id, is_member: true }) }, foreign);
    assert.deepEqual([include.statusCode, include.json().field], [400, 'rules.rules.0.segment_id']);
    const preview = await callOk(app, foreign, 'POST', '/api/v1/segments/preview', { rules: all({ kind: 'profile', field: 'first_name', op: 'is_not_empty' }) });
    assert.equal(preview.count, 0, 'no person of another workspace matches');
  });
});
