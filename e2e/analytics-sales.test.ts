import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('the sales funnel draws the demo pipelines with their stage figures, exports them as CSV and says when a period has no deals', async () => {
  const api = await demoApi(suite.server);
  const report = await api('GET', '/api/v1/analytics/funnel');
  const [sales] = report.pipelines;
  assert.ok(sales.deals > 0 && sales.bottleneck, 'the demo deals make a funnel with a bottleneck');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics`);
  await page.getByText('Воронка продаж', { exact: true }).first().waitFor();

  await page.goto(`${suite.server.url}/analytics/funnel`);
  const chart = page.getByTestId('chart-funnel-1');
  await chart.locator('canvas').waitFor();
  const firstStage = page.getByTestId('funnel-stages').first().locator('tbody tr').first();
  await firstStage.waitFor();
  const cells = await firstStage.locator('td').allInnerTexts();
  assert.equal(cells[0], 'Новый лид');
  assert.equal(cells[1], String(sales.stages[0].reached));
  await page.getByTestId('funnel-bottleneck').first().waitFor();
  await page.getByTestId('chart-funnel-1-losses-owner').locator('canvas').waitFor();
  await page.getByTestId('analytics-formula').waitFor();

  // The CSV button of the funnel's card downloads the stage table behind the chart.
  const card = page.locator('.mantine-Card-root').filter({ has: chart });
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Скачать CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'funnel-1.csv');
  const csv = await fs.readFile((await download.path())!, 'utf8');
  assert.match(csv, /Стадия;Дошли;/);
  assert.match(csv, new RegExp(`Новый лид;${sales.stages[0].reached};`));

  await page.goto(`${suite.server.url}/analytics/funnel?from=2001-01-01&to=2001-01-31`);
  await page.getByTestId('analytics-empty').waitFor();
  await page.getByText('Нет данных для этих фильтров').waitFor();
});

test('team activity shows each demo employee’s figures in a chart and a table', async () => {
  const api = await demoApi(suite.server);
  const report = await api('GET', '/api/v1/analytics/team-activity');
  const manager = report.members.find((m: { name: string }) => m.name === 'Игорь Петров');
  assert.ok(manager.calls + manager.meetings + manager.emails > 0, 'the demo manager has activities in the default period');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics/team`);
  await page.getByTestId('chart-team-activity').locator('canvas').waitFor();
  const row = page.getByTestId('team-members').locator('tbody tr').filter({ hasText: 'Игорь Петров' });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(1, 4), [String(manager.calls), String(manager.meetings), String(manager.emails)]);
  await page.getByTestId('team-teams').getByText('Отдел продаж').waitFor();

  await page.goto(`${suite.server.url}/analytics/sales-forecast`);
  await page.getByTestId('chart-sales-forecast').locator('canvas').waitFor();
  await page.getByTestId('forecast-stages').getByText('Квалификация').waitFor();
});
