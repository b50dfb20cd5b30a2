import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('the KPI library shows the demo shop’s figures with formulas; a saved baseline is compared with; a period without orders is empty', async () => {
  const api = await demoApi(suite.server);
  const report = await api('GET', '/api/v1/analytics/kpis');
  const aov = report.kpis.find((k: { key: string }) => k.key === 'aov');
  assert.ok(aov.value > 0, 'the demo orders give an average order value');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics`);
  await page.getByText('Библиотека KPI', { exact: true }).first().waitFor();

  await page.goto(`${suite.server.url}/analytics/kpis`);
  const card = page.getByTestId('kpi-aov');
  await card.waitFor();
  assert.match(await card.getByTestId('kpi-value').innerText(), /\d/);
  await card.getByText('Средний чек = выручка за вычетом возвратов / число покупок за период').waitFor();
  await page.getByTestId('kpi-nps').getByText('Нет ответов на опросы', { exact: false }).waitFor();

  await page.getByRole('button', { name: 'Сохранить как базу' }).click();
  await page.getByLabel('Название базы').fill('До акции');
  await page.getByRole('dialog').getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForURL(/baseline_id=/);
  await card.getByText('к «До акции»').waitFor();
  const baselines = await api('GET', '/api/v1/analytics/kpis/baselines');
  assert.deepEqual(baselines.data.map((b: { name: string }) => b.name), ['До акции']);

  await page.goto(`${suite.server.url}/analytics/kpis?from=2001-01-01&to=2001-01-31`);
  await page.getByTestId('analytics-empty').waitFor();
  await page.getByText('Нет данных для этих фильтров').waitFor();
});

test('cohorts draw retention and revenue heatmaps of the demo customers; Pareto, channels and spend pages open', async () => {
  const api = await demoApi(suite.server);
  const cohorts = await api('GET', '/api/v1/analytics/cohorts');
  assert.ok(cohorts.cohorts.length >= 3, 'the demo orders spread over several months');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics/cohorts`);
  await page.getByTestId('chart-cohorts-retention').locator('canvas').first().waitFor();
  await page.getByTestId('chart-cohorts-revenue-per_customer').locator('canvas').first().waitFor();
  assert.match(await page.getByTestId('cohorts-summary').innerText(), new RegExp(`^${cohorts.customers} `));
  await page.getByTestId('analytics-formula').waitFor();

  await page.goto(`${suite.server.url}/analytics/pareto`);
  await page.getByTestId('chart-pareto-curve').locator('canvas').first().waitFor();
  await page.getByTestId('pareto-headline').waitFor();

  await page.goto(`${suite.server.url}/analytics/channels`);
  await page.getByTestId('channels-table').getByText('Сайт', { exact: true }).waitFor();

  await page.goto(`${suite.server.url}/analytics/spend`);
  await page.getByTestId('spend-table').getByText('Telegram').first().waitFor();
  // A channel's month entered twice is refused on the channel field; a new one is listed.
  const month = new Date().toISOString().slice(0, 7);
  await page.getByRole('button', { name: 'Добавить расход' }).click();
  const form = page.getByTestId('spend-form');
  await form.getByLabel('Месяц').fill(month);
  await form.getByLabel('Канал').fill('Telegram');
  await form.getByLabel('Сумма').fill('1500');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await form.getByText('Telegram already has spend', { exact: false }).waitFor();
  await form.getByLabel('Канал').fill('Яндекс.Директ');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByTestId('spend-table').getByText('Яндекс.Директ').waitFor();
  const spend = await api('GET', '/api/v1/analytics/spend');
  assert.ok(spend.data.some((s: { channel: string; month: string; amount: string }) => s.channel === 'Яндекс.Директ' && s.month === month && s.amount === '1500.00'));

  await page.goto(`${suite.server.url}/analytics/cohorts?from=2001-01-01&to=2001-06-30`);
  await page.getByTestId('analytics-empty').waitFor();
});
