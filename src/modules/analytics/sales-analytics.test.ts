import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

type Workspace = Awaited<ReturnType<typeof createTestWorkspace>>;
type Stage = { key: string; reached: number; conversion_to_next: number | null; lost_here: number; in_stage_now: number; median_days: number | null; p90_days: number | null };

/**
 * A small sales history with known figures, all in October and November 2026 (times in UTC,
 * the workspace in Moscow time). Deals of the default pipeline: new → qualification →
 * negotiation → won | lost.
 *   D1 admin     new 10-01, qualification 10-03, negotiation 10-06, won 10-10       100 000
 *   D2 operator  new 10-15, qualification 10-21, negotiation 11-01, won 11-03        50 000
 *   D3 operator  new 10-05, qualification 10-07, lost 10-12 (contact from 'Выставка')
 *   D4 manager   new 10-06, qualification 10-08, lost 11-02 (contact from 'Сайт')
 *   D5 admin     new 10-07, lost 10-09
 *   D6 operator  new 10-08, qualification 10-09, open, closes 2027-01-15           200 000
 *   D7 manager   new 10-09, open, co-owned by the operator, closes 2027-01-20       80 000
 * Activities and leads in October: see `before`. The manager and the operator make up a team.
 */
const PERIOD = 'from=2026-10-01&to=2026-11-30';

describe('sales analytics: funnel, forecast and team activity', () => {
  let app: TestApp;
  let ws: Workspace;
  let other: Workspace;
  let teamId: string;
  const deals: Record<string, string> = {};

  const get = (url: string, actor: keyof Workspace['actors'] = 'admin') => callOk(app, ws.actors[actor].headers, 'GET', url);

  /** Rewrites a deal's stage moves to the given days (09:00 UTC), its creation to the first and closing to the last. */
  async function backdate(dealId: string, moves: [stage: string, day: string][], isClosed: boolean) {
    for (const [stage, day] of moves) {
      await sql`update deal_stage_history set changed_at = ${`${day}T09:00:00Z`}::timestamptz where deal_id = ${dealId} and to_stage = ${stage}`.execute(app.conn.db);
    }
    const first = `${moves[0]![1]}T09:00:00Z`;
    const last = `${moves.at(-1)![1]}T09:00:00Z`;
    await sql`update deal set created_at = ${first}::timestamptz, stage_changed_at = ${last}::timestamptz,
      closed_at = ${isClosed ? last : null}::timestamptz where id = ${dealId}`.execute(app.conn.db);
  }

  /** Creates a deal through the API and walks it through the stages as its owner's colleague would. */
  async function dealThrough(workspace: Workspace, input: Record<string, unknown>, stages: string[]) {
    const headers = workspace.actors.admin.headers;
    const deal = await callOk(app, headers, 'POST', '/api/v1/deals', { currency: 'RUB', ...input });
    for (const stage of stages) {
      await callOk(app, headers, 'PATCH', `/api/v1/deals/${deal.id}`, { stage, ...(stage === 'lost' ? { close_reason: 'Дорого' } : {}) });
    }
    return deal.id as string;
  }

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'sales-a');
    other = await createTestWorkspace(app, 'sales-b');
    const { admin, manager, operator } = ws.actors;
    teamId = (await callOk(app, admin.headers, 'POST', '/api/v1/teams', { name: 'Продажи', member_ids: [manager.userId, operator.userId] })).id;
    const expo = (await callOk(app, admin.headers, 'POST', '/api/v1/people', { first_name: 'Вера', last_name: 'Окунева', source: 'Выставка' })).id;
    const site = (await callOk(app, admin.headers, 'POST', '/api/v1/people', { first_name: 'Глеб', last_name: 'Сомов', source: 'Сайт' })).id;

    deals.d1 = await dealThrough(ws, { title: 'D1', amount: '100000', owner_id: admin.userId }, ['qualification', 'negotiation', 'won']);
    deals.d2 = await dealThrough(ws, { title: 'D2', amount: '50000', owner_id: operator.userId }, ['qualification', 'negotiation', 'won']);
    deals.d3 = await dealThrough(ws, { title: 'D3', amount: '30000', owner_id: operator.userId, person_id: expo }, ['qualification', 'lost']);
    deals.d4 = await dealThrough(ws, { title: 'D4', amount: '40000', owner_id: manager.userId, person_id: site }, ['qualification', 'lost']);
    deals.d5 = await dealThrough(ws, { title: 'D5', amount: '10000', owner_id: admin.userId }, ['lost']);
    deals.d6 = await dealThrough(ws, { title: 'D6', amount: '200000', owner_id: operator.userId, expected_close_date: '2027-01-15' }, ['qualification']);
    deals.d7 = await dealThrough(ws, {
      title: 'D7', amount: '80000', owner_id: manager.userId, co_owner_ids: [operator.userId], expected_close_date: '2027-01-20',
    }, []);
    await backdate(deals.d1, [['new', '2026-10-01'], ['qualification', '2026-10-03'], ['negotiation', '2026-10-06'], ['won', '2026-10-10']], true);
    await backdate(deals.d2, [['new', '2026-10-15'], ['qualification', '2026-10-21'], ['negotiation', '2026-11-01'], ['won', '2026-11-03']], true);
    await backdate(deals.d3, [['new', '2026-10-05'], ['qualification', '2026-10-07'], ['lost', '2026-10-12']], true);
    await backdate(deals.d4, [['new', '2026-10-06'], ['qualification', '2026-10-08'], ['lost', '2026-11-02']], true);
    await backdate(deals.d5, [['new', '2026-10-07'], ['lost', '2026-10-09']], true);
    await backdate(deals.d6, [['new', '2026-10-08'], ['qualification', '2026-10-09']], false);
    await backdate(deals.d7, [['new', '2026-10-09']], false);

    const activity = (owner: keyof Workspace['actors'], kind: string, status: string, at: string, extra: object = {}) =>
      callOk(app, admin.headers, 'POST', '/api/v1/activities', {
        kind, subject: `${kind} ${at}`, status, owner_id: ws.actors[owner].userId, ...(kind === 'meeting' ? { starts_at: at } : { due_at: at }), ...extra,
      });
    await activity('operator', 'call', 'done', '2026-10-05T10:00:00Z');
    await activity('operator', 'call', 'done', '2026-10-06T10:00:00Z');
    await activity('operator', 'call', 'planned', '2026-10-07T10:00:00Z');
    await activity('operator', 'meeting', 'done', '2026-10-08T10:00:00Z');
    await activity('operator', 'email', 'done', '2026-10-09T10:00:00Z');
    await activity('operator', 'task', 'done', '2026-10-10T10:00:00Z');
    await activity('operator', 'task', 'planned', '2026-10-20T10:00:00Z');
    await activity('operator', 'call', 'done', '2026-12-20T10:00:00Z');
    await activity('manager', 'call', 'done', '2026-10-11T10:00:00Z');
    await activity('manager', 'task', 'planned', '2026-10-12T10:00:00Z');
    await activity('admin', 'email', 'done', '2026-10-13T10:00:00Z');
    await activity('admin', 'note', 'done', '2026-10-13T10:00:00Z');
    // Leads assigned at 09:00 UTC and first contacted minutes later (null: not yet).
    const lead = async (owner: keyof Workspace['actors'], day: string, minutes: number | null) => {
      const { id } = await callOk(app, admin.headers, 'POST', '/api/v1/leads', { first_name: `Лид ${day}`, owner_id: ws.actors[owner].userId });
      await sql`update lead set created_at = ${`${day}T09:00:00Z`}::timestamptz, assigned_at = ${`${day}T09:00:00Z`}::timestamptz,
        first_contacted_at = ${`${day}T09:00:00Z`}::timestamptz + make_interval(mins => ${minutes ?? 0}),
        status = ${minutes === null ? 'new' : 'contacted'}
        where id = ${id}`.execute(app.conn.db);
      if (minutes === null) await sql`update lead set first_contacted_at = null where id = ${id}`.execute(app.conn.db);
    };
    await lead('operator', '2026-10-05', 10);
    await lead('operator', '2026-10-06', 30);
    await lead('operator', '2026-10-07', 60);
    await lead('operator', '2026-10-08', null);
    await lead('manager', '2026-10-09', 20);

    // Another workspace's won deal in the same period must never count.
    const foreign = await dealThrough(other, { title: 'Чужая', amount: '999000', expected_close_date: '2027-01-10' }, ['qualification', 'negotiation', 'won']);
    await backdate(foreign, [['new', '2026-10-02'], ['qualification', '2026-10-04'], ['negotiation', '2026-10-05'], ['won', '2026-10-06']], true);
    await callOk(app, other.actors.admin.headers, 'POST', '/api/v1/activities', { kind: 'call', subject: 'Чужой звонок', status: 'done', due_at: '2026-10-05T10:00:00Z' });
  });
  after(() => app.close());

  test('the funnel counts the deals that reached each stage, its conversions, time in stage and the bottleneck', async () => {
    const { pipelines } = await get(`/api/v1/analytics/funnel?${PERIOD}`);
    assert.equal(pipelines.length, 1);
    const [sales] = pipelines;
    assert.deepEqual({ deals: sales.deals, won: sales.won, lost: sales.lost, win_rate: sales.win_rate }, { deals: 7, won: 2, lost: 3, win_rate: 0.4 });
    const stage = (key: string) => sales.stages.find((s: Stage) => s.key === key) as Stage;
    assert.deepEqual(sales.stages.map((s: Stage) => [s.key, s.reached, s.conversion_to_next, s.lost_here, s.in_stage_now]), [
      ['new', 7, 0.714, 1, 1],
      ['qualification', 5, 0.4, 2, 1],
      ['negotiation', 2, 1, 0, 0],
      ['won', 2, null, 0, 0],
      ['lost', 3, null, 0, 0],
    ]);
    // Finished stays in negotiation: 4 days (D1) and 2 days (D2); in qualification 3, 11, 5 and 25 days.
    assert.deepEqual([stage('negotiation').median_days, stage('negotiation').p90_days], [3, 3.8]);
    assert.deepEqual([stage('qualification').median_days, stage('qualification').p90_days], [8, 20.8]);
    assert.equal(sales.bottleneck.stage, 'qualification');
    assert.equal(sales.bottleneck.lost, 2);
    assert.equal(sales.bottleneck.share_of_losses, 0.667);
    assert.deepEqual(sales.bottleneck.by_owner.map((o: { owner_id: string; lost: number }) => [o.owner_id, o.lost]).sort(),
      [[ws.actors.manager.userId, 1], [ws.actors.operator.userId, 1]].sort());
    assert.deepEqual(sales.bottleneck.by_source.map((s: { source: string; lost: number }) => [s.source, s.lost]).sort(), [['Выставка', 1], ['Сайт', 1]]);
    assert.deepEqual(sales.bottleneck.by_month, [{ month: '2026-10', lost: 1 }, { month: '2026-11', lost: 1 }]);
    // Won in the period: D1 in 9 days, D2 in 19.
    assert.deepEqual(sales.sales_cycle, { won_deals: 2, median_days: 14, p90_days: 18 });
  });

  test('the funnel applies the source, owner and period filters', async () => {
    const bySource = (await get(`/api/v1/analytics/funnel?${PERIOD}&source=${encodeURIComponent('Выставка')}`)).pipelines[0];
    assert.deepEqual([bySource.deals, bySource.lost, bySource.bottleneck.stage], [1, 1, 'qualification']);
    const byOwner = (await get(`/api/v1/analytics/funnel?${PERIOD}&owner_id=${ws.actors.admin.userId}`)).pipelines[0];
    assert.deepEqual([byOwner.deals, byOwner.won, byOwner.lost, byOwner.bottleneck.stage], [2, 1, 1, 'new']);
    assert.deepEqual((await get('/api/v1/analytics/funnel?from=2025-01-01&to=2025-03-31')).pipelines, []);
  });

  test('an operator sees the funnel of the deals they own or co-own, a manager their team’s', async () => {
    const mine = (await get(`/api/v1/analytics/funnel?${PERIOD}`, 'operator')).pipelines[0];
    // D2 won, D3 lost in qualification, D6 in qualification, D7 co-owned in new.
    assert.deepEqual(mine.stages.map((s: Stage) => s.reached), [4, 3, 1, 1, 1]);
    const team = (await get(`/api/v1/analytics/funnel?${PERIOD}`, 'manager')).pipelines[0];
    assert.equal(team.deals, 5);
  });

  test('the sales forecast puts the weighted pipeline beside win rates from history, and revenue won', async () => {
    const forecast = await get('/api/v1/analytics/sales-forecast?from=2026-09-01&to=2027-03-31');
    // Closed deals: D1 and D2 won; D3 and D4 lost in qualification; D5 lost in new.
    assert.deepEqual(forecast.stages.map((s: { key: string; closed_deals: number; won_deals: number; win_rate: number }) => [s.key, s.closed_deals, s.won_deals, s.win_rate]), [
      ['new', 5, 2, 0.4],
      ['qualification', 4, 2, 0.5],
      ['negotiation', 2, 2, 1],
    ]);
    assert.deepEqual(forecast.months, [
      { month: '2026-10', currency: 'RUB', open_deals: 0, expected_wins: 0, pipeline_amount: '0.00', weighted_amount: '0.00', win_rate_amount: '0.00', won_deals: 1, won_amount: '100000.00' },
      { month: '2026-11', currency: 'RUB', open_deals: 0, expected_wins: 0, pipeline_amount: '0.00', weighted_amount: '0.00', win_rate_amount: '0.00', won_deals: 1, won_amount: '50000.00' },
      // D6 in qualification: 200 000 × 30% = 60 000 weighted, × 0.5 = 100 000 by win rate; D7 in new: 80 000 × 10% and × 0.4.
      { month: '2027-01', currency: 'RUB', open_deals: 2, expected_wins: 0.9, pipeline_amount: '280000.00', weighted_amount: '68000.00', win_rate_amount: '132000.00', won_deals: 0, won_amount: '0.00' },
    ]);
  });

  test('the forecast of an operator counts only their own deals, history included', async () => {
    const forecast = await get('/api/v1/analytics/sales-forecast?from=2026-09-01&to=2027-03-31', 'operator');
    // The operator's closed deals: D2 won, D3 lost in qualification.
    assert.deepEqual(forecast.stages.map((s: { win_rate: number }) => s.win_rate), [0.5, 0.5, 1]);
    assert.deepEqual(forecast.months.map((m: { month: string; open_deals: number; won_amount: string; weighted_amount: string; win_rate_amount: string }) =>
      [m.month, m.open_deals, m.won_amount, m.weighted_amount, m.win_rate_amount]), [
      ['2026-11', 0, '50000.00', '0.00', '0.00'],
      ['2027-01', 2, '0.00', '68000.00', '140000.00'],
    ]);
  });

  test('team activity counts each member’s calls, meetings, emails, tasks, first responses and wins, and each team’s', async () => {
    const report = await get(`/api/v1/analytics/team-activity?${PERIOD}`);
    const figures = (row: Record<string, unknown>) => {
      const { id: _id, name: _name, ...rest } = row;
      return rest;
    };
    const member = (actor: keyof Workspace['actors']) => report.members.find((m: { id: string }) => m.id === ws.actors[actor].userId);
    assert.equal(report.members.length, 4, 'every member of the workspace, and nobody else');
    assert.deepEqual(figures(member('operator')), {
      calls: 2, meetings: 1, emails: 1, tasks_done: 1, tasks_overdue: 1, leads: 4, leads_contacted: 3, median_first_response_minutes: 30,
      won_deals: 1, won_revenue: [{ currency: 'RUB', amount: '50000.00' }],
    });
    assert.deepEqual(figures(member('manager')), {
      calls: 1, meetings: 0, emails: 0, tasks_done: 0, tasks_overdue: 1, leads: 1, leads_contacted: 1, median_first_response_minutes: 20,
      won_deals: 0, won_revenue: [],
    });
    assert.deepEqual(figures(member('admin')), {
      calls: 0, meetings: 0, emails: 1, tasks_done: 0, tasks_overdue: 0, leads: 0, leads_contacted: 0, median_first_response_minutes: null,
      won_deals: 1, won_revenue: [{ currency: 'RUB', amount: '100000.00' }],
    });
    assert.deepEqual(report.teams.map((t: Record<string, unknown>) => [t.id, figures(t)]), [[teamId, {
      calls: 3, meetings: 1, emails: 1, tasks_done: 1, tasks_overdue: 2, leads: 5, leads_contacted: 4, median_first_response_minutes: 25,
      won_deals: 1, won_revenue: [{ currency: 'RUB', amount: '50000.00' }],
    }]]);
    const byTeam = await get(`/api/v1/analytics/team-activity?${PERIOD}&team_id=${teamId}`);
    assert.deepEqual(byTeam.members.map((m: { id: string }) => m.id).sort(), [ws.actors.manager.userId, ws.actors.operator.userId].sort());
  });

  test('an operator sees only their own activity', async () => {
    const report = await get(`/api/v1/analytics/team-activity?${PERIOD}`, 'operator');
    assert.deepEqual(report.members.map((m: { id: string; calls: number }) => [m.id, m.calls]), [[ws.actors.operator.userId, 2]]);
    assert.deepEqual(report.teams.map((t: { id: string; calls: number; tasks_overdue: number }) => [t.id, t.calls, t.tasks_overdue]), [[teamId, 2, 1]]);
  });

  test('a role that hides deal amounts gets counts but no amounts', async () => {
    await callOk(app, ws.actors.admin.headers, 'POST', '/api/v1/roles', {
      key: 'no-amounts', name: 'No amounts', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { deal: { amount: 'hidden' } },
    });
    await callOk(app, ws.actors.admin.headers, 'PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'no-amounts' });
    const forecast = await get('/api/v1/analytics/sales-forecast?from=2026-09-01&to=2027-03-31', 'readOnly');
    assert.equal(forecast.is_amount_hidden, true);
    assert.deepEqual(forecast.months.map((m: { open_deals: number; won_deals: number }) => [m.open_deals, m.won_deals]), [[0, 1], [0, 1], [2, 0]]);
    for (const month of forecast.months) {
      assert.deepEqual([month.pipeline_amount, month.weighted_amount, month.win_rate_amount, month.won_amount], [null, null, null, null]);
    }
    const team = await get(`/api/v1/analytics/team-activity?${PERIOD}`, 'readOnly');
    const admin = team.members.find((m: { id: string }) => m.id === ws.actors.admin.userId);
    assert.deepEqual([admin.won_deals, admin.won_revenue], [1, null]);
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/analytics/sales-forecast?${PERIOD}`, headers: ws.actors.readOnly.headers });
    assert.ok(!res.body.includes('100000'), 'no amount anywhere in the answer');
    assert.equal((await get(`/api/v1/analytics/funnel?${PERIOD}`, 'readOnly')).pipelines[0].deals, 7);
  });

  test('another workspace sees only its own deals and activities', async () => {
    const funnel = (await callOk(app, other.actors.admin.headers, 'GET', `/api/v1/analytics/funnel?${PERIOD}`)).pipelines;
    assert.deepEqual(funnel.map((p: { deals: number; won: number; lost: number }) => [p.deals, p.won, p.lost]), [[1, 1, 0]]);
    const team = await callOk(app, other.actors.admin.headers, 'GET', `/api/v1/analytics/team-activity?${PERIOD}`);
    assert.deepEqual(team.members.map((m: { calls: number }) => m.calls).sort(), [0, 0, 0, 1]);
    const forecast = await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/analytics/sales-forecast?from=2026-09-01&to=2027-03-31');
    assert.deepEqual(forecast.months.map((m: { month: string; won_amount: string }) => [m.month, m.won_amount]), [['2026-10', '999000.00']]);
  });

  test('bad filters answer 400 problem+json naming the field', async () => {
    for (const [query, field] of [['from=not-a-date', 'from'], ['pipeline_id=xyz', 'pipeline_id'], ['owner_id=1', 'owner_id'], ['colour=red', 'colour']]) {
      for (const report of ['funnel', 'sales-forecast', 'team-activity']) {
        const res = await app.http.inject({ method: 'GET', url: `/api/v1/analytics/${report}?${query}`, headers: ws.actors.admin.headers });
        assert.equal(res.statusCode, 400, `${report}?${query}`);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        assert.equal(res.json().field, field, `${report}?${query}`);
      }
    }
  });
});
