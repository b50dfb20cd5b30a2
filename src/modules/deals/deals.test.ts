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

  test('pipelines are workspace data: a deal takes a stage of its own pipeline, and closing stamps a reason and a time', async () => {
    const { data: [main] } = await call('GET', '/api/v1/pipelines');
    assert.equal(main.is_default, true);
    const tenders = await call('POST', '/api/v1/pipelines', {
      name: 'Тендеры', lost_reasons: ['Цена', 'Отменён'],
      stages: [
        { label: { en: 'Announced', ru: 'Объявлен' }, probability: 10, rotting_days: 5 },
        { key: 'bid', label: { en: 'Bid', ru: 'Заявка' }, probability: 50 },
        { key: 'won', label: { en: 'Won', ru: 'Выигран' }, probability: 100, outcome: 'won' },
        { key: 'lost', label: { en: 'Lost', ru: 'Проигран' }, probability: 0, outcome: 'lost' },
      ],
    });
    assert.equal(tenders.stages[0].key, 'stage_1', 'a new stage without a key gets one');
    const deal = await call('POST', '/api/v1/deals', { title: 'Тендер', pipeline_id: tenders.id });
    assert.equal(deal.stage, 'stage_1', 'a new deal starts in its pipeline’s first stage');

    const wrongStage = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${deal.id}`, headers: ws.actors.admin.headers, payload: { stage: 'negotiation' } });
    assert.equal(wrongStage.statusCode, 400);
    assert.equal(wrongStage.json().field, 'stage');
    const wrongReason = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${deal.id}`, headers: ws.actors.admin.headers, payload: { stage: 'lost', close_reason: 'Погода' } });
    assert.equal(wrongReason.statusCode, 400);
    assert.equal(wrongReason.json().field, 'close_reason');

    const lost = await call('PATCH', `/api/v1/deals/${deal.id}`, { stage: 'lost', close_reason: 'Цена' });
    assert.ok(lost.closed_at);
    const reopened = await call('PATCH', `/api/v1/deals/${deal.id}`, { stage: 'bid' });
    assert.equal(reopened.close_reason, null);
    assert.equal(reopened.closed_at, null);

    const board = await call('GET', `/api/v1/deals/board?pipeline_id=${tenders.id}`);
    assert.deepEqual(board.stages.map((s: { key: string }) => s.key), ['stage_1', 'bid', 'won', 'lost']);
    assert.deepEqual(board.stages[1].deals.map((d: { id: string }) => d.id), [deal.id]);
    assert.ok(!(await call('GET', '/api/v1/deals/board')).stages.some((s: { deals: { id: string }[] }) => s.deals.some((d) => d.id === deal.id)));

    // Moving the deal to another pipeline without a stage puts it in that pipeline's first stage.
    const moved = await call('PATCH', `/api/v1/deals/${deal.id}`, { pipeline_id: main.id });
    assert.equal(moved.stage, 'new');
    await call('PATCH', `/api/v1/deals/${deal.id}`, { pipeline_id: tenders.id, stage: 'bid' });

    const types = await call('GET', '/api/v1/object-types');
    const dealFields = types.data.find((t: { type: string }) => t.type === 'deal').fields;
    assert.ok(dealFields.find((f: { name: string }) => f.name === 'stage').options.includes('bid'));
    assert.equal(dealFields.find((f: { name: string }) => f.name === 'pipeline_id').option_labels[tenders.id].ru, 'Тендеры');
    const inBid = await call('GET', `/api/v1/deals?filter=${encodeURIComponent(JSON.stringify({ field: 'stage', op: 'eq', value: 'bid' }))}`);
    assert.deepEqual(inBid.data.map((d: { id: string }) => d.id), [deal.id]);
  });

  test('a stage with deals cannot be removed, nor a pipeline with deals or the default one; operators cannot configure', async () => {
    const { data } = await call('GET', '/api/v1/pipelines');
    const tenders = data.find((p: { name: string }) => p.name === 'Тендеры');
    const withoutBid = tenders.stages.filter((s: { key: string }) => s.key !== 'bid');
    const removing = await app.http.inject({ method: 'PATCH', url: `/api/v1/pipelines/${tenders.id}`, headers: ws.actors.admin.headers, payload: { stages: withoutBid } });
    assert.equal(removing.statusCode, 409);
    assert.equal(removing.json().code, 'STAGE_IN_USE');
    const noWon = await app.http.inject({ method: 'PATCH', url: `/api/v1/pipelines/${tenders.id}`, headers: ws.actors.admin.headers, payload: { stages: tenders.stages.filter((s: { outcome: string }) => s.outcome !== 'won') } });
    assert.equal(noWon.statusCode, 400);
    const renamed = await call('PATCH', `/api/v1/pipelines/${tenders.id}`, { name: 'Госзакупки', stages: [...tenders.stages].reverse().sort((a: { outcome: string }, b: { outcome: string }) => (a.outcome === 'open' ? -1 : 0) - (b.outcome === 'open' ? -1 : 0)) });
    assert.equal(renamed.name, 'Госзакупки');
    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/pipelines/${tenders.id}`, headers: ws.actors.admin.headers })).json().code, 'PIPELINE_IN_USE');
    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/pipelines/${data[0].id}`, headers: ws.actors.admin.headers })).json().code, 'DEFAULT_PIPELINE');
    const byOperator = await app.http.inject({ method: 'POST', url: '/api/v1/pipelines', headers: ws.actors.operator.headers, payload: { name: 'Моя' } });
    assert.equal(byOperator.statusCode, 403);
    const empty = await call('POST', '/api/v1/pipelines', { name: 'Пустая' });
    assert.equal((await app.http.inject({ method: 'DELETE', url: `/api/v1/pipelines/${empty.id}`, headers: ws.actors.admin.headers })).statusCode, 204);
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'pipeline' and entity_id = ${empty.id} order by occurred_at`.execute(app.conn.db);
    assert.deepEqual(audit.rows.map((r) => r.action), ['create', 'delete']);
  });
});
