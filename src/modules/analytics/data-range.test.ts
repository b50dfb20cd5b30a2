import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

describe('analytics data range', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let other: Awaited<ReturnType<typeof createTestWorkspace>>;
  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'archive');
    other = await createTestWorkspace(app, 'archive-other');
  });
  after(() => app.close());

  test('names the day of the latest order, deal or lead, in the workspace’s own time zone, and nothing of other workspaces', async () => {
    const empty = await callOk(app, ws.actors.operator.headers, 'GET', '/api/v1/analytics/data-range');
    assert.equal(empty.last_activity_on, null);
    assert.match(empty.today, /^\d{4}-\d{2}-\d{2}$/);
    await callOk(app, ws.actors.admin.headers, 'PUT', '/api/v1/orders/by-external-id/old-1', {
      customer: { email: 'old@example.test' }, currency: 'RUB', status: 'paid', placed_at: '2011-12-09T22:30:00Z',
      lines: [{ name: 'Подсвечник', quantity: 1, unit_price: '100' }],
    });
    const archive = await callOk(app, ws.actors.operator.headers, 'GET', '/api/v1/analytics/data-range');
    // 22:30 UTC is already the next day in Moscow.
    assert.equal(archive.last_activity_on, '2011-12-10');
    assert.equal((await callOk(app, other.actors.admin.headers, 'GET', '/api/v1/analytics/data-range')).last_activity_on, null);
  });
});
