import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadUserPrincipal } from '../../platform/auth/auth.service.ts';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { importOnlineRetail, ONLINE_RETAIL_HEADER } from './online-retail.import.ts';

// Rows as the UCI file has them: a sale, a guest sale, an invoice split by another's rows, a
// cancellation of part of the first sale, a free sample and a stock adjustment.
const FILE = [
  ONLINE_RETAIL_HEADER.join(','),
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047.0,United Kingdom',
  '536368,22960,JAM MAKING SET WITH JARS,6,2010-12-01 08:34:00,4.25,13047.0,United Kingdom',
  '536367,22745,POPPY\'S PLAYHOUSE BEDROOM,6,2010-12-01 08:34:00,2.10,13047.0,United Kingdom',
  '536369,21756,BATH BUILDING BLOCK WORD,3,2010-12-01 08:35:00,0.0,13047.0,United Kingdom',
  '536370,22728,"ALARM CLOCK BAKELIKE PINK",-24,2010-12-01 08:45:00,3.75,,France',
  'C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2010-12-01 09:41:00,2.55,17850.0,United Kingdom',
  'C536380,22139,RETROSPOT TEA SET CERAMIC 11 PC,-1,2010-12-01 09:45:00,4.95,14527.0,United Kingdom',
].join('\n');

describe('Online Retail import', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let dir: string;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'uk-shop');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retail-test-'));
    fs.writeFileSync(path.join(dir, 'online_retail.csv'), FILE);
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await app.close();
  });

  const byNumber = async (number: string) => (await callOk(app, ws.actors.admin.headers, 'GET',
    `/api/v1/orders?filter=${encodeURIComponent(JSON.stringify({ field: 'number', op: 'eq', value: number }))}`)).data;
  const run = async () => {
    const principal = (await loadUserPrincipal(app.conn.db, ws.actors.admin.userId, ws.workspace.id))!;
    return importOnlineRetail({ db: app.conn.db, principal }, (type) => app.records.get(type), {
      filePath: path.join(dir, 'online_retail.csv'), errorReportPath: path.join(dir, 'rejected.csv'),
    });
  };

  test('invoices become orders, cancellations returns, guests anonymous orders; bad prices and adjustments are reported', async () => {
    const outcome = await run();
    assert.equal(outcome.rows, 10);
    assert.equal(outcome.orders_created, 4, '536365, 536366 (a guest), 536367 with its split rows, and 536368');
    assert.equal(outcome.rows_rejected, 2);
    assert.deepEqual(outcome.rejected_by_reason, { PRICE_NOT_POSITIVE: 1, NEGATIVE_QUANTITY: 1 });
    const report = fs.readFileSync(path.join(dir, 'rejected.csv'), 'utf8');
    assert.match(report, /8,536369,UnitPrice,0\.0,PRICE_NOT_POSITIVE,/);
    assert.match(report, /9,536370,Quantity,-24,NEGATIVE_QUANTITY,/);
    assert.equal(outcome.anonymous_orders, 1);
    assert.equal(outcome.returns_created, 2);
    assert.equal(outcome.returns_traced_to_orders, 1, 'the return of a product bought in the file finds its order; one bought earlier does not');
    assert.equal(outcome.customers, 3);
  });

  test('a split invoice is one order, and a customer’s revenue is net of their returns', async () => {
    const orders = await byNumber('536367');
    assert.equal(orders.length, 1);
    const lines = await callOk(app, ws.actors.admin.headers, 'GET', `/api/v1/orders/${orders[0].id}/lines`);
    assert.equal(lines.data.length, 2);
    assert.equal(orders[0].total, (32 * 1.69 + 6 * 2.10).toFixed(2));

    const first = (await byNumber('536365'))[0];
    assert.equal(first.status, 'fulfilled', 'part of it came back, not all');
    assert.equal(first.returned_total, '5.10');
    const totals = await callOk(app, ws.actors.admin.headers, 'GET', `/api/v1/people/${first.person_id}/purchases`);
    assert.deepEqual(totals.data.map((t: { currency: string; order_count: number; revenue: string }) => [t.currency, t.order_count, t.revenue]),
      [['GBP', 1, (6 * 2.55 + 6 * 3.39 - 2 * 2.55).toFixed(2)]]);
  });

  test('a second run adds nothing', async () => {
    const count = async () => (await sql<{ orders: number; lines: number; returns: number; people: number }>`
      select (select count(*)::int from sales_order where workspace_id = ${ws.workspace.id}) as orders,
        (select count(*)::int from order_line where workspace_id = ${ws.workspace.id}) as lines,
        (select count(*)::int from order_return where workspace_id = ${ws.workspace.id}) as returns,
        (select count(*)::int from person where workspace_id = ${ws.workspace.id}) as people`.execute(app.conn.db)).rows[0];
    const before = await count();
    const outcome = await run();
    assert.equal(outcome.orders_created, 0);
    assert.equal(outcome.orders_already_imported, 4);
    assert.equal(outcome.returns_already_imported, 2);
    assert.deepEqual(await count(), before);
  });
});
