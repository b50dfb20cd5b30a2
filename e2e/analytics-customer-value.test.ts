import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('customer value: the demo’s scored customers by RFM segment and churn risk, the forecast and model check, and a rescore that completes', async () => {
  const api = await demoApi(suite.server);
  const summary = await api('GET', '/api/v1/customer-value');
  assert.equal(summary.run.status, 'completed', 'the demo is scored when it is seeded');
  const champions = summary.segments.find((s: { segment: string }) => s.segment === 'champions');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics/customer-value`);
  await page.getByTestId('chart-rfm-segments').locator('canvas').waitFor();
  await page.getByTestId('value-as-of').waitFor();
  const championsRow = page.getByTestId('segments-table').locator('tbody tr').filter({ hasText: 'Чемпионы' });
  assert.equal((await championsRow.locator('td').allInnerTexts())[1], String(champions.customers));
  await page.getByTestId('chart-churn-risk').locator('canvas').waitFor();
  await page.getByTestId('chart-clv-revenue-forecast').locator('canvas').waitFor();
  await page.getByTestId('models-table').getByText('BG/NBD · r').waitFor();

  // A segment row narrows the customer list to that segment; each name leads to the person.
  await championsRow.click();
  const firstCustomer = page.getByTestId('scored-people').locator('tbody tr').first();
  await firstCustomer.waitFor();
  assert.equal((await firstCustomer.locator('td').allInnerTexts())[1], 'Чемпионы');
  await firstCustomer.getByRole('link').click();
  await page.waitForURL(/\/people\/[0-9a-f-]{36}/);
  await page.getByTestId('overview-value').getByTestId('value-segment').getByText('Чемпионы').waitFor();
  await page.getByTestId('overview-value').getByTestId('value-clv').waitFor();

  // Rescoring: the run is queued, shown running, and the page settles on the new run.
  await page.goto(`${suite.server.url}/analytics/customer-value`);
  await page.getByRole('button', { name: 'Пересчитать' }).click();
  await page.getByText('Расчёт запущен').waitFor();
  const before = summary.run.id;
  for (let i = 0; i < 60; i++) {
    const runs = await api('GET', '/api/v1/customer-value/runs?limit=1');
    if (runs.data[0].id !== before && runs.data[0].status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const after = await api('GET', '/api/v1/customer-value/runs?limit=2');
  assert.notEqual(after.data[0].id, before);
  assert.equal(after.data[0].status, 'completed');
});
