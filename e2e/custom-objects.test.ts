import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

test('contracts are imported from a CSV through the wizard, and a deal’s relation to a contract shows the contract’s number', async (t) => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const tag = randomUUID().slice(0, 6);
  const number = (n: number) => `И-${tag}/${n}`;
  const csv = ['Номер договора;Сумма договора;Статус', `${number(1)};1 200 000;Действует`, `${number(2)};много;Истёк`, `${number(3)};50000;Приостановлен`].join('\r\n');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-contracts-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, `contracts-${tag}.csv`);
  await fs.writeFile(file, `${csv}\r\n`);
  const contracts = async () => {
    const filter = JSON.stringify({ field: 'name', op: 'starts_with', value: `И-${tag}` });
    const response = await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/objects/contract?sort=name&filter=${encodeURIComponent(filter)}`, headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().data as { id: string; name: string; custom: Record<string, unknown> }[];
  };

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('navigation').getByRole('link', { name: 'Импорт данных' }).click();
  await page.getByRole('heading', { name: 'Импорт данных' }).waitFor();

  // Custom objects have a picker of their own next to the built-in types.
  await page.getByRole('combobox', { name: 'Объект' }).click();
  await page.getByRole('option', { name: 'Договоры', exact: true }).click();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Загрузить и продолжить' }).click();

  await page.getByTestId('import-mapping').waitFor();
  const fieldFor = (column: string) => page.getByRole('combobox', { name: `Поле для столбца «${column}»` });
  assert.equal(await fieldFor('Номер договора').inputValue(), 'Номер договора *');
  assert.equal(await fieldFor('Сумма договора').inputValue(), 'Сумма договора');
  assert.equal(await fieldFor('Статус').inputValue(), 'Статус');
  await page.getByText('Если строка совпала с существующей записью (то же значение поля «Номер договора»)').waitFor();

  await page.getByRole('button', { name: 'Проверить (пробный прогон)' }).click();
  await page.getByText('Проверка завершена, ничего не сохранено').waitFor();
  assert.match(await page.getByTestId('import-created').innerText(), /создано\s+1$/i);
  assert.match(await page.getByTestId('import-failed').innerText(), /ошибок\s+2$/i);
  assert.deepEqual(await contracts(), [], 'a dry run writes nothing');

  await page.getByRole('button', { name: 'Импортировать по-настоящему' }).click();
  await page.getByText('Импорт завершён').waitFor();
  const errors = page.getByTestId('import-errors');
  await errors.getByRole('row').nth(2).waitFor();
  const rows = await errors.getByRole('row').allInnerTexts();
  assert.ok(rows.some((row) => /^3\s+Сумма договора\s+много/.test(row)), rows.join('\n'));
  assert.ok(rows.some((row) => /^4\s+Статус\s+Приостановлен/.test(row)), rows.join('\n'));
  const imported = await contracts();
  assert.deepEqual(imported.map((c) => [c.name, c.custom.amount, c.custom.status]), [[number(1), '1200000', 'active']]);

  // Settings → Настраиваемые поля: a relation from deals to the contract base.
  await page.goto(`${suite.server.url}/settings/custom-fields?type=deal`);
  await page.getByRole('button', { name: 'Добавить поле' }).first().click();
  const modal = page.getByRole('dialog', { name: 'Новое поле' });
  await modal.getByLabel('Название').fill('Договор');
  await modal.getByRole('combobox', { name: 'Тип', exact: true }).click();
  await page.getByRole('option', { name: 'Связь', exact: true }).click();
  await modal.getByRole('combobox', { name: 'Ссылается на' }).click();
  await page.getByRole('option', { name: 'Договоры', exact: true }).click();
  await modal.getByRole('button', { name: 'Добавить поле' }).click();
  await modal.waitFor({ state: 'detached' });
  const fields = (await suite.server.app.http.inject({ method: 'GET', url: '/api/v1/custom-fields?object_type=deal', headers })).json();
  const relation = fields.data.find((f: { references: string | null }) => f.references === 'x_contract');
  assert.ok(relation, JSON.stringify(fields.data));

  // A deal linked to the contract names it on its page by the contract's number, not its id.
  const deal = (await suite.server.app.http.inject({
    method: 'POST', url: '/api/v1/deals', headers, payload: { title: `Сделка ${tag}`, custom: { [relation.key]: imported[0]!.id } },
  })).json();
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  const picker = page.getByRole('combobox', { name: 'Договор', exact: true });
  await until(async () => (await picker.inputValue()) === number(1), 10_000);
});
