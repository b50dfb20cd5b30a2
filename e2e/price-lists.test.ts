import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

/** Picks a file for the page's «Загрузить CSV» button, as the file dialog would. */
async function uploadCsv(page: Page, name: string, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Загрузить CSV' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('a price list in a new currency gets prices by form and by CSV, shows them on the product, and refuses a file with a bad row whole', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (url: string) => (await suite.server.app.http.inject({ method: 'GET', url, headers })).json();
  const productId = async (sku: string): Promise<string> =>
    (await inject(`/api/v1/products?filter=${encodeURIComponent(JSON.stringify({ field: 'sku', op: 'eq', value: sku }))}`)).data[0].id;
  const pricesOf = async (listId: string) => Object.fromEntries(
    (await inject(`/api/v1/price-lists/${listId}/items?limit=100`)).data.map((item: { sku: string; price: string }) => [item.sku, item.price]),
  );
  const name = `Казахстан ${randomUUID().slice(0, 6)}`;

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('link', { name: 'Прайс-листы', exact: true }).first().click();
  await page.waitForURL('**/price-lists');

  // A list in tenge: the currency is typed, the list lands in its own currency group.
  await page.getByRole('button', { name: 'Новый прайс-лист' }).first().click();
  const modal = page.getByRole('dialog', { name: 'Новый прайс-лист' });
  await modal.getByRole('textbox', { name: 'Название', exact: true }).fill(name);
  await modal.getByRole('combobox', { name: 'Валюта', exact: true }).fill('kzt');
  await modal.getByRole('button', { name: 'Создать' }).click();
  await modal.waitFor({ state: 'detached' });
  const group = page.getByTestId('price-list-group').filter({ hasText: name });
  assert.match(await group.getByRole('heading').innerText(), /KZT/);
  const list = (await inject('/api/v1/price-lists')).data.find((l: { name: string }) => l.name === name) as { id: string; currency: string };
  assert.equal(list.currency, 'KZT');

  // One price by the form, typed with a space and a decimal comma.
  await group.getByRole('link', { name }).click();
  await page.waitForURL(`**/price-lists/${list.id}`);
  const picker = page.getByRole('combobox', { name: 'Товар', exact: true });
  await picker.click();
  await picker.fill('Ноутбук');
  await page.getByRole('option', { name: /Ноутбук 14/ }).click();
  await page.getByRole('textbox', { name: 'Цена', exact: true }).fill('41 500,50');
  await page.getByRole('button', { name: 'Добавить в прайс-лист' }).click();
  await page.getByTestId('price-list-item').filter({ hasText: 'HW-NB14' }).waitFor();
  assert.deepEqual(await pricesOf(list.id), { 'HW-NB14': '41500.50' });

  // Two more from a semicolon CSV with decimal commas, as a spreadsheet in Russian saves it.
  await uploadCsv(page, 'цены.csv', 'sku;price\nHW-MON27;15 990,00\nSRV-TRAIN;21000,5\n');
  await page.getByText('Цен задано: 2, убрано: 0').waitFor();
  await until(async () => (await page.getByTestId('price-list-item').count()) === 3);
  assert.deepEqual(await pricesOf(list.id), { 'HW-NB14': '41500.50', 'HW-MON27': '15990.00', 'SRV-TRAIN': '21000.50' });

  // The product's prices tab lists it in this list, in tenge.
  await page.getByTestId('price-list-item').filter({ hasText: 'HW-MON27' }).getByRole('link').click();
  await page.waitForURL(`**/products/${await productId('HW-MON27')}`);
  await page.getByRole('tab', { name: 'Цены' }).click();
  const row = page.getByTestId('product-price').filter({ hasText: name });
  await row.waitFor();
  assert.match(await row.innerText(), /KZT[\s\S]*15\s990,00\s(KZT|₸)/);

  // A file with one unknown SKU changes nothing and names the row; so does one with a price that is no number.
  await page.goto(`${suite.server.url}/price-lists/${list.id}`);
  await uploadCsv(page, 'цены.csv', 'sku;price\nHW-NB14;1000\nNO-SUCH-SKU;5,00\n');
  const problem = page.getByTestId('csv-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Файл не применён[\s\S]*Строка 3: No product with SKU "NO-SUCH-SKU"/);
  await problem.getByRole('button').click();
  await problem.waitFor({ state: 'detached' });
  await uploadCsv(page, 'цены.csv', 'sku;price\nHW-NB14;1000\nHW-MON27;дорого\n');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Row 3/);
  assert.deepEqual(await pricesOf(list.id), { 'HW-NB14': '41500.50', 'HW-MON27': '15990.00', 'SRV-TRAIN': '21000.50' });
});
