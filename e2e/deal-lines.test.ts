import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('a catalogue product added to a deal in the browser is priced from the list and sets the deal’s amount', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const deal = await inject('POST', '/api/v1/deals', { title: 'Оснащение отдела продаж', currency: 'RUB' });

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  await page.getByRole('tab', { name: 'Товары' }).click();
  await page.getByRole('button', { name: 'Добавить позицию' }).click();
  const picker = page.getByLabel('Товар позиции 1').first();
  await picker.click();
  await picker.fill('Ноутбук');
  await page.getByRole('option', { name: /Ноутбук 14/ }).click();
  await page.getByLabel('Количество в позиции 1').fill('2');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();

  // The demo catalogue prices the laptop at 89 900 ₽ in its base price.
  await until(async () => (await inject('GET', `/api/v1/deals/${deal.id}`)).amount === '179800.00', 15_000);
  const lines = await inject('GET', `/api/v1/deals/${deal.id}/lines`);
  assert.deepEqual(lines.lines.map((l: { name: string; quantity: number; unit_price: string }) => [l.name, l.quantity, l.unit_price]), [['Ноутбук 14"', 2, '89900.00']]);
  // The tab reloads the saved lines after the save: wait for the total to show them.
  await until(async () => /179\s?800/.test(await page.getByTestId('deal-lines-total').first().innerText()), 15_000);
});
