import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';

const suite = browserSuite();

test('a messy CSV of contacts is checked with a dry run, imported for real, and its bad rows are reported by row and column', async (t) => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const tag = randomUUID().slice(0, 8);
  const email = (name: string) => `${name}.${tag}@example.ru`;
  // Semicolons, spreadsheet-style phones, a quoted cell holding the delimiter, a bad phone and a missing first name.
  const csv = [
    'Фамилия;Имя;Email;Телефон',
    `Смирнова;Анна;${email('anna')};8 (912) 345-67-89`,
    `Кузьмин;Олег;${email('oleg')};12-34`,
    `Орлова;;${email('orlova')};+7 912 111-22-33`,
    `"Белов; младший";Пётр;${email('petr')};+7 (912) 765 43 21`,
  ].join('\r\n');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rapport-import-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, `contacts-${tag}.csv`);
  await fs.writeFile(file, `${csv}\r\n`);
  const findPerson = async (address: string) => {
    const filter = JSON.stringify({ field: 'email', op: 'eq', value: address });
    const response = await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/people?filter=${encodeURIComponent(filter)}`, headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().data[0] as Record<string, unknown> | undefined;
  };

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('navigation').getByRole('link', { name: 'Импорт данных' }).click();
  await page.getByRole('heading', { name: 'Импорт данных' }).waitFor();

  await page.getByRole('main').getByText('Контакты', { exact: true }).click();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Загрузить и продолжить' }).click();

  // The server guessed every column from its Russian header.
  const mapping = page.getByTestId('import-mapping');
  await mapping.waitFor();
  const fieldFor = (column: string) => page.getByRole('combobox', { name: `Поле для столбца «${column}»` });
  assert.equal(await fieldFor('Фамилия').inputValue(), 'Фамилия');
  assert.equal(await fieldFor('Имя').inputValue(), 'Имя *');
  assert.equal(await fieldFor('Email').inputValue(), 'Email');
  assert.equal(await fieldFor('Телефон').inputValue(), 'Телефон');
  assert.match(await mapping.innerText(), /8 \(912\) 345-67-89/);

  await page.getByRole('button', { name: 'Проверить (пробный прогон)' }).click();
  await page.getByText('Проверка завершена, ничего не сохранено').waitFor();
  assert.match(await page.getByTestId('import-created').innerText(), /создано\s+2$/i);
  assert.match(await page.getByTestId('import-failed').innerText(), /ошибок\s+2$/i);
  assert.equal(await findPerson(email('anna')), undefined, 'a dry run writes nothing');

  await page.getByRole('button', { name: 'Импортировать по-настоящему' }).click();
  await page.getByText('Импорт завершён').waitFor();
  assert.match(await page.getByTestId('import-created').innerText(), /создано\s+2$/i);
  assert.match(await page.getByTestId('import-failed').innerText(), /ошибок\s+2$/i);

  // The header is row 1: Кузьмин's phone is on row 3, Орлова's missing first name on row 4.
  const errors = page.getByTestId('import-errors');
  await errors.getByRole('row').nth(2).waitFor();
  const rows = await errors.getByRole('row').allInnerTexts();
  assert.ok(rows.some((row) => /^3\s+Телефон\s+12-34/.test(row)), rows.join('\n'));
  assert.ok(rows.some((row) => /^4\s+Имя\s+Обязательное поле не заполнено/.test(row)), rows.join('\n'));
  const download = page.getByRole('link', { name: 'Скачать отчёт об ошибках (CSV)' });
  assert.match(await download.getAttribute('href') ?? '', /^\/api\/v1\/imports\/[0-9a-f-]{36}\/errors$/);

  const anna = await findPerson(email('anna'));
  assert.equal(anna?.phone, '+79123456789');
  assert.equal(anna?.last_name, 'Смирнова');
  assert.equal((await findPerson(email('petr')))?.last_name, 'Белов; младший');
  assert.equal(await findPerson(email('oleg')), undefined);
  assert.equal(await findPerson(email('orlova')), undefined);
});
