import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

type Board = { stages: { key: string; count: number; totals: { currency: string; amount: string }[]; deals: { id: string; title: string; amount?: string; is_rotting: boolean }[] }[] };

describe('deal stages, board and forecast', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = ws.actors.admin.headers) =>
    callOk(app, headers, method, url, payload);
  const stage = (board: Board, key: string) => board.stages.find((s) => s.key === key)!;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'deals');
    ids.a = (await call('POST', '/api/v1/deals', { title: 'A', amount: '100000', stage: 'negotiation', expected_close_date: '2026-12-15' })).id;
    ids.b = (await call('POST', '/api/v1/deals', { title: 'B', amount: '50000', stage: 'negotiation', expected_close_date: '2026-12-20' })).id;
    ids.c = (await call('POST', '/api/v1/deals', { title: 'C', amount: '200000', stage: 'new', expected_close_date: '2027-01-10', owner_id: ws.actors.operator.userId })).id;
    ids.d = (await call('POST', '/api/v1/deals', { title: 'D', amount: '70000', currency: 'USD', stage: 'won', expected_close_date: '2026-12-01' })).id;
  });
  after(() => app.close());

  test('the board groups deals by stage in pipeline order with counts and totals', async () => {
    const board = (await call('GET', '/api/v1/deals/board')) as Board;
    assert.deepEqual(board.stages.map((s) => s.key), ['new', 'qualification', 'negotiation', 'won', 'lost']);
    assert.equal(stage(board, 'negotiation').count, 2);
    assert.deepEqual(stage(board, 'negotiation').totals, [{ currency: 'RUB', amount: '150000.00' }]);
    assert.deepEqual(stage(board, 'won').totals, [{ currency: 'USD', amount: '70000.00' }]);
  });

  test('moving a deal records its stage history and resets its rotting clock', async () => {
    await sql`update deal set stage_changed_at = now() - interval '30 days' where id = ${ids.c}`.execute(app.conn.db);
    let board = (await call('GET', '/api/v1/deals/board')) as Board;
    assert.equal(stage(board, 'new').deals.find((d) => d.id === ids.c)!.is_rotting, true, '30 days in "new" (limit 7) is rotting');
    await call('PATCH', `/api/v1/deals/${ids.c}`, { stage: 'qualification' });
    board = (await call('GET', '/api/v1/deals/board')) as Board;
    assert.equal(stage(board, 'qualification').deals.find((d) => d.id === ids.c)!.is_rotting, false);
    const history = await sql<{ from_stage: string | null; to_stage: string }>`
      select from_stage, to_stage from deal_stage_history where deal_id = ${ids.c} order by id`.execute(app.conn.db);
    assert.deepEqual(history.rows, [{ from_stage: null, to_stage: 'new' }, { from_stage: 'new', to_stage: 'qualification' }]);
  });

  test('the forecast weights open deals by stage probability, per month and currency', async () => {
    const { months } = await call('GET', '/api/v1/deals/forecast');
    // December: A and B in negotiation (60%); D is won, so it is no longer forecast.
    assert.deepEqual(months.find((m: { month: string }) => m.month === '2026-12'), { month: '2026-12', currency: 'RUB', count: 2, amount: '150000.00', weighted: '90000.00' });
    // January: C in qualification (30%).
    assert.equal(months.find((m: { month: string }) => m.month === '2027-01').weighted, '60000.00');
  });

  test('the board and forecast honour record scope and field rules', async () => {
    const board = (await call('GET', '/api/v1/deals/board', undefined, ws.actors.operator.headers)) as Board;
    assert.deepEqual(board.stages.flatMap((s) => s.deals.map((d) => d.title)), ['C']);
    await call('POST', '/api/v1/roles', { key: 'no-amounts', name: 'No amounts', permissions: { '*': { actions: ['read'], scope: 'all' } }, field_rules: { deal: { amount: 'hidden' } } });
    await call('PATCH', `/api/v1/members/${ws.actors.readOnly.userId}`, { role: 'no-amounts' });
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/deals/board', headers: ws.actors.readOnly.headers });
    assert.ok(!res.body.includes('150000') && !res.body.includes('"amount"'));
    assert.deepEqual((await call('GET', '/api/v1/deals/forecast', undefined, ws.actors.readOnly.headers)).months, []);
  });
});
