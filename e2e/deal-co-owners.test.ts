import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('a co-owner picked on the deal form may open the deal, and the list shows and filters co-owners', async () => {
  const { app, demoLogin } = suite.server;
  const headers = await loginAs(app, demoLogin.email, demoLogin.password);
  const operatorHeaders = await loginAs(app, 'operator@rapport.local', demoLogin.password);
  const inject = async (method: 'GET' | 'POST', url: string, requestHeaders = headers, payload?: object) =>
    app.http.inject({ method, url, headers: requestHeaders, ...(payload ? { payload } : {}) });
  const deal = (await inject('POST', '/api/v1/deals', headers, { title: 'Совместная сделка' })).json();
  const operator = (await inject('GET', '/api/v1/auth/me', operatorHeaders)).json().user.id as string;
  assert.equal((await inject('GET', `/api/v1/deals/${deal.id}`, operatorHeaders)).statusCode, 404, 'an operator sees only their own deals');

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  const picker = page.getByLabel('Совладельцы').first();
  await picker.click();
  await picker.fill('Ольга');
  await page.getByRole('option', { name: 'Ольга Кузнецова' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await inject('GET', `/api/v1/deals/${deal.id}`)).json().co_owner_ids?.[0] === operator, 15_000);
  assert.equal((await inject('GET', `/api/v1/deals/${deal.id}`, operatorHeaders)).statusCode, 200, 'the co-owner now works on the deal');

  // The list filtered to deals the operator co-owns shows the co-owners column by name.
  const view = (await inject('POST', '/api/v1/views', headers, {
    object_type: 'deal', name: 'Совместные', filter: { field: 'co_owner_ids', op: 'contains', value: operator }, columns: ['stage', 'co_owner_ids'],
  })).json();
  await page.goto(`${suite.server.url}/deals?view=${view.id}`);
  const row = page.getByRole('row', { name: /Совместная сделка/ });
  await row.waitFor();
  assert.match(await row.innerText(), /Ольга Кузнецова/);
  assert.equal(await page.getByRole('row').count(), 2, 'a header and the one co-owned deal');
});
