import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { loginAs } from '../src/testing/test-app.ts';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();
const OPERATOR_EMAIL = 'operator@rapport.local';

const percent = (value: number) => new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(value);
const money = (value: number, currency: string) => new Intl.NumberFormat('ru-RU', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
/** Browsers and Node may space numbers with different kinds of blanks. */
const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();

async function operatorApi() {
  const headers = await loginAs(suite.server.app, OPERATOR_EMAIL, suite.server.demoLogin.password);
  return async (url: string) => (await suite.server.app.http.inject({ method: 'GET', url, headers })).json();
}

/** A Russian desktop page signed in as another demo member, who shares the demo password. */
async function newPageAs(email: string): Promise<Page> {
  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(`${suite.server.url}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(suite.server.demoLogin.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

test('the demo admin opens on the head of sales dashboard with the funnel, forecast and team figures, and a switch to marketing is remembered', async () => {
  const api = await demoApi(suite.server);
  const funnel = await api('GET', '/api/v1/analytics/funnel');
  const pipeline = funnel.pipelines.find((p: { deals: number }) => p.deals > 0);
  assert.ok(pipeline?.bottleneck, 'the demo deals make a funnel with a bottleneck');
  const team = await api('GET', '/api/v1/analytics/team-activity');
  const best = Math.max(...team.members.map((m: { won_deals: number | null }) => m.won_deals ?? 0));
  assert.ok(best > 0, 'the demo team has won deals');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/analytics`);
  const dashboard = page.getByTestId('analytics-dashboard');
  await page.getByTestId('dashboard-headOfSales').waitFor();
  assert.equal(await dashboard.getAttribute('data-variant'), 'headOfSales');
  assert.equal(await page.getByTestId('dashboard-funnel-deals').innerText(), String(pipeline.deals));
  assert.equal(await page.getByTestId('dashboard-funnel-win-rate').innerText(), percent(pipeline.win_rate));
  assert.match(await page.getByTestId('dashboard-funnel-bottleneck').innerText(), new RegExp(`^${pipeline.bottleneck.label.ru}: потеряно ${pipeline.bottleneck.lost} `));
  await page.getByTestId('chart-dashboard-sales-forecast').locator('canvas').waitFor();
  const topRow = page.getByTestId('dashboard-team').locator('tbody tr').first();
  await topRow.waitFor();
  assert.equal((await topRow.locator('td').allInnerTexts())[4], String(best), 'the member with the most wins comes first');
  // The report cards stay below the dashboard.
  await page.getByText('Воронка продаж', { exact: true }).first().waitFor();

  const kpis = await api('GET', '/api/v1/analytics/kpis');
  const aov = kpis.kpis.find((k: { key: string }) => k.key === 'aov');
  assert.ok(aov.value > 0 && aov.change !== null, 'the demo orders give an average order value to compare');
  const value = await api('GET', '/api/v1/customer-value');
  const high = value.churn.find((c: { risk: string | null }) => c.risk === 'high')?.customers ?? 0;

  await page.getByTestId('dashboard-variant').getByText('Маркетинг').click();
  await page.getByTestId('dashboard-marketing').waitFor();
  for (const key of ['lead_conversion', 'cac', 'aov', 'repeat_purchase_rate', 'retention_rate']) await page.getByTestId(`dashboard-kpi-${key}`).waitFor();
  const aovCard = page.getByTestId('dashboard-kpi-aov');
  assert.match(await aovCard.getByTestId('kpi-value').innerText(), /\d/);
  const change = `${aov.change > 0 ? '+' : aov.change < 0 ? '−' : ''}${money(Math.abs(aov.change), kpis.currency)}`;
  assert.equal(spaced(await aovCard.getByTestId('kpi-change').innerText()), `${spaced(change)} к предыдущему периоду`);
  await page.getByTestId('chart-dashboard-rfm-segments').locator('canvas').waitFor();
  assert.equal(await page.getByTestId('dashboard-churn-high').innerText(), `ВЫСОКИЙ: ${high}`.toUpperCase());
  await page.getByTestId('chart-dashboard-cohorts-retention').locator('canvas').first().waitFor();
  await page.getByTestId('chart-dashboard-clv-forecast').locator('canvas').waitFor();
  // Mailings: the share of orders placed after a message, out of all orders of the period.
  assert.match(await page.getByTestId('dashboard-engagement-share').innerText(), /Продажи после контакта\s+[\d,]+%\s+\d+ из \d+ заказов/);

  await page.reload();
  await page.getByTestId('dashboard-marketing').waitFor();
  assert.equal(await dashboard.getAttribute('data-variant'), 'marketing', 'the pick outlives a reload');
});

test('the demo operator opens on My sales: their open deals by stage, forecast, tasks, leads and rotting deals', async () => {
  const api = await operatorApi();
  const me = await api('/api/v1/auth/me');
  assert.equal(me.workspace.role, 'operator');
  const myDay = await api('/api/v1/my-day');
  assert.ok(myDay.activities.length > 0 && myDay.rotting_deals.length > 0, 'the demo operator has work for today and stuck deals');
  const pipelines = await api('/api/v1/pipelines');
  const pipeline = pipelines.data.find((p: { is_default: boolean }) => p.is_default);
  const board = await api(`/api/v1/deals/board?pipeline_id=${pipeline.id}&owner_id=${me.user.id}`);
  const openDeals = board.stages.filter((s: { outcome: string }) => s.outcome === 'open').reduce((sum: number, s: { count: number }) => sum + s.count, 0);
  assert.ok(openDeals > 0, 'the demo operator owns open deals');

  const page = await newPageAs(OPERATOR_EMAIL);
  await page.goto(`${suite.server.url}/analytics`);
  await page.getByTestId('dashboard-mySales').waitFor();
  assert.equal(await page.getByTestId('analytics-dashboard').getAttribute('data-variant'), 'mySales');

  const total = page.getByTestId('dashboard-my-deals-total');
  await total.waitFor();
  assert.equal((await total.locator('td').allInnerTexts())[1], String(openDeals));
  await page.getByTestId('chart-my-sales-forecast').locator('canvas').waitFor();

  const tasks = page.getByTestId('dashboard-widget-my-tasks');
  await tasks.getByRole('link', { name: myDay.activities[0].subject }).first().waitFor();
  assert.equal(await tasks.locator('.mantine-Badge-root').first().innerText(), String(myDay.activities.length));
  const rotting = page.getByTestId('dashboard-widget-my-rotting');
  await rotting.getByRole('link', { name: myDay.rotting_deals[0].title }).first().waitFor();
  const leads = page.getByTestId('dashboard-widget-my-leads');
  await leads.waitFor();
  assert.equal(await leads.getAttribute('data-state'), myDay.leads.length > 0 ? 'ready' : 'empty');
});

test('a custom role opens on Marketing; widgets it may not read are left out and the rest say when they are empty', async () => {
  const api = await demoApi(suite.server);
  // Reads everything but orders and leads (an explicit entry wins over '*').
  await api('POST', '/api/v1/roles', {
    key: 'no-orders', name: 'Без заказов',
    permissions: { '*': { actions: ['read'], scope: 'all' }, order: { actions: ['create'], scope: 'own' }, lead: { actions: ['create'], scope: 'own' } },
  });
  await api('POST', '/api/v1/members', { email: 'no-orders@rapport.local', name: 'Без заказов', password: suite.server.demoLogin.password, role: 'no-orders' });

  const page = await newPageAs('no-orders@rapport.local');
  await page.goto(`${suite.server.url}/analytics`);
  await page.getByTestId('dashboard-marketing').getByText('Вашей роли недоступны данные этой панели.').waitFor();

  await page.getByTestId('dashboard-variant').getByText('Мои продажи').click();
  await page.getByTestId('dashboard-mySales').waitFor();
  await page.locator('[data-testid="dashboard-widget-my-deals"][data-state="empty"]').waitFor();
  await page.locator('[data-testid="dashboard-widget-my-tasks"][data-state="empty"]').waitFor();
  assert.equal(await page.getByTestId('dashboard-widget-my-leads').count(), 0, 'leads are left out for a role that may not read them');
});
