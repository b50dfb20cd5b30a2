import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('an administrator defines a custom object, adds a record in its list, and exports the list in the background', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const key = `lease_${randomUUID().slice(0, 6)}`;
  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
  await signInAsDemo(page, suite.server);

  // Settings → Объекты: a new object with its names in Russian and a key.
  await page.goto(`${suite.server.url}/settings/custom-objects`);
  await page.getByRole('button', { name: 'Добавить объект' }).first().click();
  const modal = page.getByRole('dialog', { name: 'Новый объект' });
  await modal.getByLabel('Одна запись (по-русски)').fill('Договор аренды');
  await modal.getByLabel('Список записей (по-русски)').fill('Договоры аренды');
  await modal.getByLabel('Поле названия (по-русски)').fill('Номер договора');
  await modal.getByLabel('Ключ').fill(key);
  await modal.getByRole('button', { name: 'Добавить объект' }).click();
  await modal.waitFor({ state: 'detached' });

  // The object has its own section in the menu, with a list that creates records.
  const plural = `x-${key.replaceAll('_', '-')}`;
  // The demo has a contract base of its own («Договоры»): this one is «Договоры аренды».
  await page.getByRole('link', { name: 'Договоры аренды', exact: true }).first().click();
  await page.waitForURL(`**/${plural}`);
  await page.getByRole('button', { name: 'Создать' }).first().click();
  const create = page.getByRole('dialog');
  await create.getByLabel('Номер договора').fill('Д-2026/17');
  await create.getByRole('button', { name: 'Создать' }).click();
  await page.getByText('Д-2026/17').first().waitFor();
  const records = (await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/objects/${key}`, headers })).json();
  assert.deepEqual(records.data.map((r: { name: string }) => r.name), ['Д-2026/17']);

  // Export runs in the background and offers the file when it is ready.
  await page.goto(`${suite.server.url}/${plural}`);
  await page.getByRole('button', { name: 'Экспорт CSV' }).click();
  const download = page.getByRole('dialog').getByRole('link', { name: 'Скачать' });
  await download.waitFor({ timeout: 30_000 });
  const href = await download.getAttribute('href');
  assert.ok(href);
  const file = await suite.server.app.http.inject({ method: 'GET', url: href!, headers });
  assert.equal(file.statusCode, 200, file.body);
  const rows: Record<string, string>[] = parse(file.body, { columns: true });
  assert.deepEqual(rows.map((r) => r.name), ['Д-2026/17']);
  await until(async () => (await suite.server.app.http.inject({ method: 'GET', url: '/api/v1/exports', headers })).json().data.length > 0, 5_000);
});
