import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

type Kpi = { key: string; value: number | null; previous: number | null; change: number | null; reason: string | null; baseline: number | null; baseline_change: number | null };
type Cohort = { month: string; size: number; retention?: (number | null)[]; revenue?: (string | null)[]; revenue_per_customer?: (string | null)[] };

/**
 * A small shop in Moscow time, in roubles. Net purchases (placed at noon local time):
 *   A (Директ, Москва, the operator's): 10 Jan 1000, 15 Feb 500, 20 Mar 300
 *   B (Директ, Казань): 20 Jan 2 × 1000, one returned → 1000
 *   C (Сайт, Москва): 5 Feb 4000, 25 Feb 1000, 10 Apr 2000
 *   D (Сайт, Пермь): 1 Mar 600
 *   E (no source): 15 Mar 100; a cancelled and an unpaid order that don't count
 * Spend: Feb Директ 280; Mar Директ 300, Сайт 100. Four leads in March.
 */
describe('customer analytics', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const people: Record<string, string> = {};

  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const kpisOf = async (url: string, headers = admin()) => {
    const body = await callOk(app, headers, 'GET', url);
    return { body, kpi: Object.fromEntries((body.kpis as Kpi[]).map((k) => [k.key, k])) as Record<string, Kpi> };
  };
  const order = (headers: Record<string, string>, externalId: string, personId: string, placedAt: string, lines: object[], status = 'fulfilled') =>
    callOk(app, headers, 'PUT', `/api/v1/orders/by-external-id/${externalId}`, { person_id: personId, currency: 'RUB', channel: 'online', status, placed_at: `${placedAt}T09:00:00Z`, lines });
  const line = (category: string, price: number, quantity = 1) => ({ name: `${category} ${price}`, category, quantity, unit_price: String(price) });
  const MARCH = 'from=2025-03-01&to=2025-03-31';

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'shop-analytics');
    other = await createTestWorkspace(app, 'other-analytics');
    const person = async (key: string, values: object) => {
      people[key] = (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: key, ...values })).id;
    };
    await person('A', { source: 'Директ', city: 'Москва', owner_id: ws.actors.operator.userId });
    await person('B', { source: 'Директ', city: 'Казань' });
    await person('C', { source: 'Сайт', city: 'Москва' });
    await person('D', { source: 'Сайт', city: 'Пермь' });
    await person('E', {});
    const created = { A: '2024-12-01', B: '2024-12-01', C: '2025-02-01', D: '2025-03-02', E: '2025-03-02' };
    for (const [key, day] of Object.entries(created)) {
      await sql`update person set created_at = ${`${day}T09:00:00Z`}::timestamptz where id = ${people[key]!}`.execute(app.conn.db);
    }

    await order(admin(), 'a1', people.A!, '2025-01-10', [line('Электроника', 1000)]);
    await order(admin(), 'a2', people.A!, '2025-02-15', [line('Аксессуары', 500)]);
    await order(admin(), 'a3', people.A!, '2025-03-20', [line('Аксессуары', 300)]);
    const b1 = await order(admin(), 'b1', people.B!, '2025-01-20', [line('Электроника', 1000, 2)]);
    const [b1Line] = (await callOk(app, admin(), 'GET', `/api/v1/orders/${b1.id}/lines`)).data;
    await callOk(app, admin(), 'POST', `/api/v1/orders/${b1.id}/returns`, { lines: [{ line_id: b1Line.id, quantity: 1 }] });
    await order(admin(), 'c1', people.C!, '2025-02-05', [line('Электроника', 4000)]);
    await order(admin(), 'c2', people.C!, '2025-02-25', [line('Мебель', 1000)]);
    await order(admin(), 'c3', people.C!, '2025-04-10', [line('Мебель', 2000)]);
    await order(admin(), 'd1', people.D!, '2025-03-01', [line('Мебель', 600)]);
    await order(admin(), 'e1', people.E!, '2025-03-15', [line('Аксессуары', 100)]);
    await order(admin(), 'e2', people.E!, '2025-03-16', [line('Аксессуары', 999)], 'cancelled');
    await order(admin(), 'e3', people.E!, '2025-03-17', [line('Аксессуары', 777)], 'created');

    for (const spend of [{ month: '2025-02', channel: 'Директ', amount: '280' }, { month: '2025-03', channel: 'Директ', amount: 300 }, { month: '2025-03', channel: 'Сайт', amount: '100.00' }]) {
      await callOk(app, admin(), 'POST', '/api/v1/analytics/spend', spend);
    }

    // Leads of March: converted (A), disqualified, contacted, untouched; first contact after 10, 30 and 60 minutes.
    const leads = [
      { source: 'Директ', status: 'converted', minutes: 10, personId: people.A! },
      { source: 'Директ', status: 'disqualified', minutes: 30, personId: null },
      { source: 'Сайт', status: 'contacted', minutes: 60, personId: null },
      { source: 'Сайт', status: 'new', minutes: null, personId: null },
    ];
    for (const [index, lead] of leads.entries()) {
      const { id } = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: `Лид ${index}`, source: lead.source });
      const createdAt = new Date(Date.UTC(2025, 2, 5 + index, 9));
      await sql`update lead set created_at = ${createdAt}, status = ${lead.status}, person_id = ${lead.personId},
          disqualify_reason = ${lead.status === 'disqualified' ? 'Нет бюджета' : null},
          converted_at = ${lead.status === 'converted' ? createdAt : null},
          first_contacted_at = ${lead.minutes === null ? null : new Date(createdAt.getTime() + lead.minutes * 60_000)}
        where id = ${id}`.execute(app.conn.db);
    }

    // The other workspace buys a lot in March and spends on the same channel; none of it may count here.
    const stranger = await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/people', { first_name: 'X', source: 'Директ' });
    await order(other.actors.admin.headers, 'x1', stranger.id, '2025-03-10', [line('Электроника', 50000)]);
    await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/analytics/spend', { month: '2025-03', channel: 'Директ', amount: '99999' });
  });
  after(() => app.close());

  test('cohorts: retention and revenue by months since the first purchase, unobserved months null', async () => {
    const body = await callOk(app, admin(), 'GET', '/api/v1/analytics/cohorts?from=2025-01-01&to=2025-04-30');
    assert.equal(body.max_offset, 3, 'observed up to April, the month of the latest purchase');
    assert.equal(body.customers, 5);
    const cohorts = body.cohorts as Cohort[];
    assert.deepEqual(cohorts.map((c) => [c.month, c.size]), [['2025-01', 2], ['2025-02', 1], ['2025-03', 2]]);
    assert.deepEqual(cohorts.map((c) => c.retention), [[100, 50, 50, 0], [100, 0, 100, null], [100, 0, null, null]]);
    assert.deepEqual(cohorts[0]!.revenue, ['2000.00', '500.00', '300.00', '0.00'], 'net of the returned item');
    assert.deepEqual(cohorts[1]!.revenue, ['5000.00', '0.00', '2000.00', null]);
    assert.deepEqual(cohorts[0]!.revenue_per_customer, ['1000.00', '250.00', '150.00', '0.00']);

    const retentionOnly = await callOk(app, admin(), 'GET', '/api/v1/analytics/cohorts?from=2025-01-01&to=2025-04-30&metric=retention');
    assert.equal(retentionOnly.cohorts[0].revenue, undefined);
    const bySource = await callOk(app, admin(), 'GET', '/api/v1/analytics/cohorts?from=2025-01-01&to=2025-04-30&source=%D0%A1%D0%B0%D0%B9%D1%82');
    assert.deepEqual((bySource.cohorts as Cohort[]).map((c) => [c.month, c.size]), [['2025-02', 1], ['2025-03', 1]]);
  });

  test('KPIs for March against the previous 31 days: AOV, repeat, retention, LTV, CR, CAC and ROI from entered spend', async () => {
    const { body, kpi } = await kpisOf(`/api/v1/analytics/kpis?${MARCH}`);
    assert.deepEqual(body.previous_period, { from: '2025-01-29', to: '2025-02-28' });
    assert.equal(body.figures.current.revenue, 1000);
    assert.equal(body.figures.current.new_customers, 2);
    assert.equal(kpi.aov!.value, 333.33);
    assert.equal(kpi.aov!.previous, 1833.33, '(500 + 4000 + 1000) / 3');
    assert.equal(kpi.repeat_purchase_rate!.value, 33.33, 'A of A, D and E');
    assert.equal(kpi.second_purchase_rate!.value, 0);
    assert.equal(kpi.retention_rate!.value, 50, 'A and C bought in February; A again in March');
    assert.equal(kpi.retention_rate!.previous, 50, 'A and B in January; A again in February');
    assert.equal(kpi.churn_rate!.value, 50);
    assert.equal(kpi.ltv!.value, 666.67, 'ARPU 1000 / 3 over churn 0.5');
    assert.equal(kpi.cac!.value, 200, '400 spent / 2 new customers');
    assert.equal(kpi.cac!.previous, 280, 'February’s 280 / C');
    assert.equal(kpi.cac!.change, -80);
    assert.equal(kpi.roi!.value, 75, '(700 from new customers − 400) / 400');
    assert.equal(kpi.lead_conversion!.value, 25);
    assert.equal(kpi.lost_leads!.value, 25);
    assert.equal(kpi.lead_response_time!.value, 30, 'median of 10, 30 and 60 minutes');
    assert.equal(kpi.base_growth!.value, 66.67, 'D and E over A, B and C');
    assert.equal(kpi.nps!.value, null);
    assert.equal(kpi.nps!.reason, 'no_survey_answers');
    assert.ok((body.kpis as { formula: string }[]).every((k) => k.formula.length > 10));

    const direct = await kpisOf(`/api/v1/analytics/kpis?${MARCH}&source=%D0%94%D0%B8%D1%80%D0%B5%D0%BA%D1%82`);
    assert.equal(direct.kpi.aov!.value, 300);
    assert.equal(direct.kpi.cac!.reason, 'no_data', 'Директ won no new customer in March');
    assert.equal(direct.body.figures.current.spend, 300);
  });

  test('Pareto: the top 20% of customers bring two thirds of the revenue; the curve and the portrait', async () => {
    const body = await callOk(app, admin(), 'GET', '/api/v1/analytics/pareto?from=2025-01-01&to=2025-04-30');
    assert.equal(body.customers, 5);
    assert.equal(body.top_customers, 1);
    assert.equal(body.revenue, '10500.00');
    assert.equal(body.top_share, 66.7, 'C: 7000 of 10500');
    assert.equal(body.curve.length, 41);
    assert.deepEqual(body.curve[0], { customers_share: 0, revenue_share: 0 });
    assert.deepEqual(body.curve[8], { customers_share: 20, revenue_share: 66.7 });
    assert.deepEqual(body.curve[40], { customers_share: 100, revenue_share: 100 });
    assert.deepEqual(body.portrait.categories.top.map((r: { value: string; share: number }) => [r.value, r.share]), [['Электроника', 57.1], ['Мебель', 42.9]]);
    assert.deepEqual(body.portrait.categories.rest[0], { value: 'Электроника', customers: 2, revenue: '2000.00', share: 57.1 });
    assert.deepEqual(body.portrait.sources.top.map((r: { value: string }) => r.value), ['Сайт']);
    assert.deepEqual(body.portrait.cities.top.map((r: { value: string }) => r.value), ['Москва']);
    assert.equal(body.groups.rest.customers, 4);
  });

  test('channel economics: revenue, new customers, lead → customer conversion, CAC and ROI per source', async () => {
    const body = await callOk(app, admin(), 'GET', `/api/v1/analytics/channels?${MARCH}`);
    assert.equal(body.is_spend_attributed, true);
    const row = (source: string | null) => body.channels.find((c: { source: string | null }) => c.source === source);
    assert.deepEqual(body.channels.map((c: { source: string | null }) => c.source), ['Сайт', 'Директ', null]);
    assert.deepEqual(
      { ...row('Сайт'), source: undefined },
      { source: undefined, revenue: '600.00', orders: 1, customers: 1, new_customers: 1, new_customer_revenue: '600.00', leads: 2, converted_leads: 0, lead_conversion: 0, spend: '100.00', cac: '100.00', roi: 500 },
    );
    assert.equal(row('Директ').lead_conversion, 50, 'the converted lead is A, who bought');
    assert.equal(row('Директ').cac, null, 'no new customer');
    assert.equal(row('Директ').roi, -100);
    assert.equal(row(null).new_customers, 1);

    // Half of March: spend counts in proportion to the days.
    const half = await callOk(app, admin(), 'GET', '/api/v1/analytics/channels?from=2025-03-01&to=2025-03-15');
    assert.equal(half.channels.find((c: { source: string }) => c.source === 'Директ').spend, '145.16');
  });

  test('an operator’s figures cover only their customers; spend is not attributed to them', async () => {
    const operator = ws.actors.operator.headers;
    const { kpi } = await kpisOf(`/api/v1/analytics/kpis?${MARCH}`, operator);
    assert.equal(kpi.aov!.value, 300);
    assert.equal(kpi.cac!.value, null);
    assert.equal(kpi.cac!.reason, 'spend_not_attributed');
    const cohorts = await callOk(app, operator, 'GET', '/api/v1/analytics/cohorts?from=2025-01-01&to=2025-04-30');
    assert.deepEqual(cohorts.cohorts.map((c: Cohort) => [c.month, c.size, c.retention]), [['2025-01', 1, [100, 100, 100]]]);
    const pareto = await callOk(app, operator, 'GET', '/api/v1/analytics/pareto?from=2025-01-01&to=2025-04-30');
    assert.equal(pareto.revenue, '1800.00');
    const channels = await callOk(app, operator, 'GET', `/api/v1/analytics/channels?${MARCH}`);
    assert.equal(channels.is_spend_attributed, false);
    assert.deepEqual(channels.channels.map((c: { source: string }) => c.source), ['Директ']);

    // The admin narrowing to the operator sees the same customers.
    const filtered = await kpisOf(`/api/v1/analytics/kpis?${MARCH}&owner_id=${ws.actors.operator.userId}`);
    assert.equal(filtered.kpi.aov!.value, 300);
  });

  test('a role that hides order amounts gets null for every money figure', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/roles', { key: 'no-money', name: 'No money', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { order: { total: 'hidden' } } });
    await callOk(app, admin(), 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'no-money' });
    const headers = ws.actors.readOnly.headers;
    const { body, kpi } = await kpisOf(`/api/v1/analytics/kpis?${MARCH}`, headers);
    assert.equal(body.is_money_hidden, true);
    assert.equal(body.figures.current.revenue, null);
    for (const key of ['aov', 'ltv', 'cac', 'roi']) assert.deepEqual([kpi[key]!.value, kpi[key]!.reason], [null, 'money_hidden'], key);
    assert.equal(kpi.retention_rate!.value, 50, 'counts stay');
    const cohorts = await callOk(app, headers, 'GET', '/api/v1/analytics/cohorts?from=2025-01-01&to=2025-04-30');
    assert.deepEqual(cohorts.cohorts[0].revenue, [null, null, null, null]);
    assert.deepEqual(cohorts.cohorts[0].retention, [100, 50, 50, 0]);
    const pareto = await inject('GET', '/api/v1/analytics/pareto?from=2025-01-01&to=2025-04-30', headers);
    assert.equal(pareto.json().top_share, null);
    assert.ok(!pareto.body.includes('7000'));
    const channels = await callOk(app, headers, 'GET', `/api/v1/analytics/channels?${MARCH}`);
    assert.ok(channels.channels.every((c: { revenue: unknown; cac: unknown; spend: unknown }) => c.revenue === null && c.cac === null && c.spend === null));
  });

  test('bad input answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/analytics/kpis?from=2025-13-01', 'from'],
      ['/api/v1/analytics/cohorts?metric=profit', 'metric'],
      ['/api/v1/analytics/pareto?owner_id=nobody', 'owner_id'],
      ['/api/v1/analytics/channels?colour=red', 'colour'],
      ['/api/v1/analytics/kpis?baseline_id=42', 'baseline_id'],
      ['/api/v1/analytics/cohorts?from=2025-05-01&to=2025-04-01', 'to'],
    ];
    for (const [url, field] of cases) {
      const res = await inject('GET', url, admin());
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().field, field, url);
    }
  });

  test('another workspace’s orders, spend and baselines never count', async () => {
    const { body, kpi } = await kpisOf(`/api/v1/analytics/kpis?${MARCH}`, other.actors.admin.headers);
    assert.equal(body.figures.current.revenue, 50000);
    assert.equal(kpi.cac!.value, 99999);
    const pareto = await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/analytics/pareto?from=2025-01-01&to=2025-04-30');
    assert.equal(pareto.customers, 1);
  });

  test('spend: validated, unique per month and channel, entered by managers and admins only, audited', async () => {
    const bad = await inject('POST', '/api/v1/analytics/spend', admin(), { month: '2025-13', channel: 'Сайт', amount: '10' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'month');
    const negative = await inject('POST', '/api/v1/analytics/spend', admin(), { month: '2025-05', channel: 'Сайт', amount: -5 });
    assert.equal(negative.json().field, 'amount');
    const blank = await inject('POST', '/api/v1/analytics/spend', admin(), { month: '2025-05', channel: ' ', amount: 5 });
    assert.equal(blank.json().field, 'channel');
    const twice = await inject('POST', '/api/v1/analytics/spend', admin(), { month: '2025-03', channel: 'Сайт', amount: 5 });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'SPEND_EXISTS');

    assert.equal((await inject('POST', '/api/v1/analytics/spend', ws.actors.operator.headers, { month: '2025-05', channel: 'Сайт', amount: 5 })).statusCode, 403);
    assert.equal((await inject('GET', '/api/v1/analytics/spend', ws.actors.operator.headers)).statusCode, 403);
    const created = await callOk(app, ws.actors.manager.headers, 'POST', '/api/v1/analytics/spend', { month: '2025-05', channel: 'Выставка', amount: 5000, note: 'Стенд' });
    assert.deepEqual({ ...created, id: undefined, updated_at: undefined }, { id: undefined, updated_at: undefined, month: '2025-05', channel: 'Выставка', amount: '5000.00', currency: 'RUB', note: 'Стенд' });
    const updated = await callOk(app, admin(), 'PATCH', `/api/v1/analytics/spend/${created.id}`, { amount: '4500.50' });
    assert.equal(updated.amount, '4500.50');
    const collide = await inject('PATCH', `/api/v1/analytics/spend/${created.id}`, admin(), { month: '2025-03', channel: 'Сайт' });
    assert.equal(collide.statusCode, 409);
    const listed = await callOk(app, admin(), 'GET', '/api/v1/analytics/spend?from=2025-05&to=2025-05');
    assert.deepEqual(listed.data.map((s: { channel: string }) => s.channel), ['Выставка']);
    assert.equal((await inject('DELETE', `/api/v1/analytics/spend/${created.id}`, admin())).statusCode, 204);
    assert.equal((await inject('PATCH', `/api/v1/analytics/spend/${created.id}`, other.actors.admin.headers, { amount: 1 })).statusCode, 404);
    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=marketing_spend');
    assert.ok(audit.data.some((e: { action: string; entity_id: string }) => e.action === 'delete' && e.entity_id === created.id));
  });

  test('a saved baseline keeps the values; later figures are compared with it, and only its author sees it', async () => {
    const saved = await callOk(app, admin(), 'POST', '/api/v1/analytics/kpis/baselines', { name: 'До акции', from: '2025-03-01', to: '2025-03-31' });
    assert.equal(saved.values.aov, 333.33);
    assert.deepEqual(saved.period, { from: '2025-03-01', to: '2025-03-31' });
    const missingName = await inject('POST', '/api/v1/analytics/kpis/baselines', admin(), { from: '2025-03-01' });
    assert.equal(missingName.json().field, 'name');

    await order(admin(), 'd2', people.D!, '2025-03-25', [line('Мебель', 900)]);
    const { body, kpi } = await kpisOf(`/api/v1/analytics/kpis?${MARCH}&baseline_id=${saved.id}`);
    assert.equal(body.baseline.name, 'До акции');
    assert.equal(kpi.aov!.value, 475, '(1000 + 900) / 4');
    assert.equal(kpi.aov!.baseline, 333.33);
    assert.equal(kpi.aov!.baseline_change, 141.67);
    assert.equal(kpi.second_purchase_rate!.value, 50);
    assert.equal(kpi.second_purchase_rate!.baseline_change, 50);

    assert.deepEqual((await callOk(app, admin(), 'GET', '/api/v1/analytics/kpis/baselines')).data.map((b: { name: string }) => b.name), ['До акции']);
    assert.deepEqual((await callOk(app, ws.actors.manager.headers, 'GET', '/api/v1/analytics/kpis/baselines')).data, []);
    const foreign = await inject('GET', `/api/v1/analytics/kpis?${MARCH}&baseline_id=${saved.id}`, ws.actors.manager.headers);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().field, 'baseline_id');
    assert.equal((await inject('DELETE', `/api/v1/analytics/kpis/baselines/${saved.id}`, admin())).statusCode, 204);
  });
});
