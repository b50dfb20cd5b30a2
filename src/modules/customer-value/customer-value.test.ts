import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { seededRandom } from '../../platform/seeded-random.ts';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { until } from '../../testing/wait.ts';
import { expectedPurchases, probabilityAlive } from './models/bg-nbd.ts';
import { rfmSegment } from './rfm.ts';
import { scoreCustomers } from './scoring.service.ts';

const AS_OF = '2026-12-01';
const DAY_MS = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse(`${AS_OF}T12:00:00Z`) - days * DAY_MS).toISOString();

describe('customer value: RFM, CLV and churn risk from orders', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.actors.admin.headers;
  const people = new Map<string, string>();
  let orderNumber = 0;

  /** Orders of one customer, `daysAgo` before AS_OF each, through the orders API as a shop would send them. */
  async function buyer(email: string, purchases: { daysAgo: number; amount: number }[], headers = admin()) {
    let orderId = '';
    for (const purchase of purchases) {
      orderId = (await callOk(app, headers, 'PUT', `/api/v1/orders/by-external-id/cv-${++orderNumber}`, {
        customer: { email, first_name: 'Клиент', last_name: email.split('@')[0] }, currency: 'RUB', status: 'paid',
        placed_at: daysBefore(purchase.daysAgo), lines: [{ sku: 'CV-1', quantity: 1, unit_price: String(purchase.amount) }],
      })).id;
    }
    people.set(email, (await callOk(app, headers, 'GET', `/api/v1/orders/${orderId}`)).person_id);
  }

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'value');
    other = await createTestWorkspace(app, 'value-other');
    await callOk(app, admin(), 'POST', '/api/v1/products', { name: 'Кофе', sku: 'CV-1', price: '1000', currency: 'RUB' });
    // Known characters…
    await buyer('champion@example.test', [400, 300, 200, 120, 60, 30, 7].map((daysAgo) => ({ daysAgo, amount: 9000 })));
    await buyer('silent@example.test', [360, 350, 340, 330, 320, 310, 300].map((daysAgo) => ({ daysAgo, amount: 8000 })));
    await buyer('once@example.test', [650].map((daysAgo) => ({ daysAgo, amount: 500 })));
    // …among ordinary repeat buyers, so the models have a population to learn from.
    const random = seededRandom(7);
    for (let i = 0; i < 36; i++) {
      const first = random.int(200, 700);
      const purchases = [{ daysAgo: first, amount: random.int(500, 5000) }];
      let day = first;
      while (random.chance(0.6)) {
        day -= random.int(20, 150);
        if (day < 1) break;
        purchases.push({ daysAgo: day, amount: random.int(500, 5000) });
      }
      await buyer(`buyer${i}@example.test`, purchases);
    }
  });
  after(() => app.close());

  test('a run scores every customer: RFM from the grid, P(alive) and expected purchases as the fitted BG/NBD gives them', async () => {
    const outcome = await scoreCustomers(app.conn.db, ws.workspace.id, { asOf: AS_OF });
    assert.equal(outcome.customers, 39);
    assert.ok(outcome.bgnbd && outcome.gammagamma, 'both models were fitted');
    assert.equal(outcome.forecast.length, 12);
    assert.ok(outcome.forecast.every((m) => m.expected_revenue > 0));

    const champion = await callOk(app, admin(), 'GET', `/api/v1/people/${people.get('champion@example.test')}/customer-value`);
    const silent = await callOk(app, admin(), 'GET', `/api/v1/people/${people.get('silent@example.test')}/customer-value`);
    const once = await callOk(app, admin(), 'GET', `/api/v1/people/${people.get('once@example.test')}/customer-value`);
    assert.equal(champion.score.rfm_segment, 'champions');
    assert.equal(champion.score.recency_days, 7);
    assert.equal(champion.score.frequency, 6, 'purchase days within the 365-day window');
    assert.equal(champion.score.monetary, 54000);
    assert.equal(champion.score.rfm_segment, rfmSegment(champion.score.r_score, champion.score.f_score, champion.score.m_score));
    assert.equal(once.score.rfm_segment, 'lost');
    assert.equal(once.score.churn_risk, null, 'one purchase: BG/NBD has seen no repeat to judge churn by');
    assert.equal(once.score.p_alive, 1);
    // Frequent, big, but silent for 300 days: top frequency and spend, a low recency score.
    assert.ok(silent.score.f_score >= 4 && silent.score.m_score >= 4 && silent.score.r_score < champion.score.r_score, JSON.stringify(silent.score));
    assert.equal(silent.score.rfm_segment, rfmSegment(silent.score.r_score, silent.score.f_score, silent.score.m_score));

    // The stored figures are the model's own formulas on each customer's history.
    const params = outcome.bgnbd.params;
    const history = { x: 6, tx: 393 / 7, T: 400 / 7 };
    assert.ok(Math.abs(champion.score.p_alive - probabilityAlive(params, history)) < 1e-9);
    assert.ok(Math.abs(champion.score.expected_purchases - expectedPurchases(params, history, 12 * 365.25 / 12 / 7)) < 1e-6);
    assert.ok(champion.score.p_alive > silent.score.p_alive, 'a frequent buyer gone silent for most of a year is less likely alive');
    assert.equal(champion.score.churn_risk, 'low');
    assert.ok(['high', 'medium'].includes(silent.score.churn_risk));
    assert.ok(champion.score.clv > silent.score.clv);
    const { p, q, gamma } = outcome.gammagamma.params;
    assert.ok(Math.abs(champion.score.expected_avg_value - (p * (gamma + 6 * 9000)) / (p * 6 + q - 1)) < 0.01, 'Gamma-Gamma mean of the six repeats');
  });

  test('the summary counts customers by segment and churn risk, and lists who is about to leave', async () => {
    const summary = await callOk(app, admin(), 'GET', '/api/v1/customer-value');
    assert.equal(summary.run.status, 'completed');
    assert.equal(summary.run.customers, 39);
    assert.equal(summary.segments.reduce((sum: number, s: { customers: number }) => sum + s.customers, 0), 39);
    assert.equal(summary.churn.reduce((sum: number, c: { customers: number }) => sum + c.customers, 0), 39);
    const leaving = await callOk(app, admin(), 'GET', '/api/v1/customer-value/people?sort=churn&limit=5');
    assert.equal(leaving.data.length, 5);
    assert.equal(leaving.has_more, true);
    for (let i = 1; i < leaving.data.length; i++) assert.ok(leaving.data[i].p_alive >= leaving.data[i - 1].p_alive);
    const champions = await callOk(app, admin(), 'GET', '/api/v1/customer-value/people?segment=champions');
    assert.ok(champions.data.some((r: { person_id: string }) => r.person_id === people.get('champion@example.test')));
    // The analytics reports narrow to a segment: the KPIs over all time count exactly its buyers.
    const segmentSize = summary.segments.find((s: { segment: string }) => s.segment === 'champions').customers;
    const kpis = await callOk(app, admin(), 'GET', `/api/v1/analytics/kpis?from=2024-01-01&to=${AS_OF}&segment=champions`);
    assert.equal(kpis.figures.current.buyers, segmentSize);
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/analytics/kpis?segment=vip', headers: admin() })).statusCode, 400);
    const bad = await app.http.inject({ method: 'GET', url: '/api/v1/customer-value/people?segment=vip', headers: admin() });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /segment/);
  });

  test('the holdout report fits on earlier orders and compares its predictions with the later ones', async () => {
    const report = await callOk(app, admin(), 'GET', '/api/v1/customer-value/holdout?weeks=26');
    assert.equal(report.weeks, 26);
    assert.equal(report.buckets.length, 8);
    const actual = report.buckets.reduce((sum: number, b: { actual: number; customers: number }) => sum + b.actual * b.customers, 0);
    // Scored as of the last order's day; the holdout is the 26 weeks before it.
    const [{ n }] = (await sql<{ n: number }>`
      with last as (select max((placed_at at time zone 'Europe/Moscow')::date) as day from sales_order where workspace_id = ${ws.workspace.id}),
      days as (select distinct person_id, (placed_at at time zone 'Europe/Moscow')::date as day from sales_order where workspace_id = ${ws.workspace.id})
      select count(*)::int as n from days, last
      where days.day > last.day - 26 * 7
        and person_id in (select person_id from days, last group by person_id, last.day having min(days.day) <= last.day - 26 * 7)`.execute(app.conn.db)).rows as [{ n: number }];
    assert.equal(Math.round(actual), n, 'actual holdout purchases are the purchase days after the calibration end');
    assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/customer-value/holdout?weeks=2', headers: admin() })).statusCode, 400);
  });

  test('scores follow the reader’s scope, and other workspaces see nothing of them', async () => {
    const operator = ws.actors.operator;
    await buyer('mine@example.test', [300, 100, 10].map((daysAgo) => ({ daysAgo, amount: 1500 })), operator.headers);
    await scoreCustomers(app.conn.db, ws.workspace.id, { asOf: AS_OF });
    const summary = await callOk(app, operator.headers, 'GET', '/api/v1/customer-value');
    const owned = (await sql<{ n: number }>`select count(*)::int as n from customer_score c join person p on p.workspace_id = c.workspace_id and p.id = c.person_id
      where c.workspace_id = ${ws.workspace.id} and p.owner_id = ${operator.userId}`.execute(app.conn.db)).rows[0]!.n;
    assert.ok(owned >= 1);
    assert.equal(summary.segments.reduce((sum: number, s: { customers: number }) => sum + s.customers, 0), owned);
    const foreign = await app.http.inject({ method: 'GET', url: `/api/v1/people/${people.get('champion@example.test')}/customer-value`, headers: operator.headers });
    assert.equal(foreign.statusCode, 404, 'someone else’s customer looks missing to an operator');
    const otherWorkspace = await app.http.inject({ method: 'GET', url: `/api/v1/people/${people.get('champion@example.test')}/customer-value`, headers: other.actors.admin.headers });
    assert.equal(otherWorkspace.statusCode, 404);
    const otherSummary = await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/customer-value');
    assert.equal(otherSummary.run, null);
    assert.equal(otherSummary.segments.reduce((sum: number, s: { customers: number }) => sum + s.customers, 0), 0);
  });

  test('settings are validated and audited; only managers and administrators rescore, and the queued run completes', async () => {
    const bad = await app.http.inject({ method: 'PUT', url: '/api/v1/customer-value/settings', headers: admin(), payload: { rfm_window_days: 365, horizon_months: 0, margin: 0.3, annual_discount_rate: 0.1 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /horizon_months/);
    assert.deepEqual(await callOk(app, admin(), 'GET', '/api/v1/customer-value/settings'), { rfm_window_days: 365, horizon_months: 12, margin: 1, annual_discount_rate: 0.1 });
    const forbidden = await app.http.inject({ method: 'PUT', url: '/api/v1/customer-value/settings', headers: ws.actors.operator.headers, payload: { rfm_window_days: 180, horizon_months: 6, margin: 0.3, annual_discount_rate: 0.1 } });
    assert.equal(forbidden.statusCode, 403);
    await callOk(app, admin(), 'PUT', '/api/v1/customer-value/settings', { rfm_window_days: 180, horizon_months: 6, margin: 0.3, annual_discount_rate: 0.1 });
    const audit = await callOk(app, admin(), 'GET', '/api/v1/audit?entity_type=customer_value_settings');
    assert.equal(audit.data[0].changes.horizon_months.after, 6);

    assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/customer-value/runs', headers: ws.actors.operator.headers })).statusCode, 403);
    const queued = await app.http.inject({ method: 'POST', url: '/api/v1/customer-value/runs', headers: admin() });
    assert.equal(queued.statusCode, 202);
    await until(async () => (await callOk(app, admin(), 'GET', '/api/v1/customer-value/runs?limit=1')).data[0]?.settings.horizon_months === 6
      && (await callOk(app, admin(), 'GET', '/api/v1/customer-value/runs?limit=1')).data[0]?.status === 'completed', 60_000);
    const latest = (await callOk(app, admin(), 'GET', '/api/v1/customer-value')).run;
    assert.equal(latest.forecast.length, 6);
    assert.equal(latest.settings.margin, 0.3);
  });
  test('quintile scores are percentile ranks with ties together, and the kept purchase days score as the orders do', async () => {
    const scores = async () => (await sql<{ person_id: string; last_order_on: string; frequency: number; monetary: string; r_score: number; f_score: number; m_score: number; p_alive: number | null; expected_purchases: number | null; clv: string | null; rfm_segment: string }>`
      select person_id, last_order_on, frequency, monetary, r_score, f_score, m_score, p_alive, expected_purchases, clv, rfm_segment
      from customer_score where workspace_id = ${ws.workspace.id} order by person_id`.execute(app.conn.db)).rows;
    await scoreCustomers(app.conn.db, ws.workspace.id, { asOf: AS_OF });
    const kept = await scores();
    // percent_rank by hand: the share of other customers with a lower value, in fifths.
    const quintile = (values: number[], value: number) =>
      Math.min(5, 1 + Math.floor((5 * values.filter((other) => other < value).length) / Math.max(values.length - 1, 1)));
    const days = kept.map((row) => Date.parse(row.last_order_on));
    const frequencies = kept.map((row) => row.frequency);
    const monetary = kept.map((row) => Number(row.monetary));
    assert.ok(new Set(frequencies).size < frequencies.length, 'the data has ties to keep together');
    for (const row of kept) {
      assert.equal(row.r_score, quintile(days, Date.parse(row.last_order_on)), `recency of ${row.person_id}`);
      assert.equal(row.f_score, quintile(frequencies, row.frequency), `frequency of ${row.person_id}`);
      assert.equal(row.m_score, quintile(monetary, Number(row.monetary)), `monetary of ${row.person_id}`);
    }

    // A purchase after the scoring day sends the pass to the orders themselves, which must agree.
    await buyer('champion@example.test', [{ daysAgo: -1, amount: 9000 }]);
    await scoreCustomers(app.conn.db, ws.workspace.id, { asOf: AS_OF });
    assert.deepEqual(await scores(), kept);
    // Totals written before the purchase-day columns existed are rebuilt before they are read.
    await sql`update customer_order_totals set purchase_days = null, purchase_running_value = null where workspace_id = ${ws.workspace.id}`.execute(app.conn.db);
    const later = await scoreCustomers(app.conn.db, ws.workspace.id, { asOf: '2026-12-02' });
    assert.equal(later.customers, kept.length);
    const champion = (await scores()).find((row) => row.person_id === people.get('champion@example.test'))!;
    assert.equal(champion.last_order_on, '2026-12-02');
  });
});
