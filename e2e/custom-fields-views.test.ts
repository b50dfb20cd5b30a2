import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { callOk, loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

/** The titles in the first column of the record table, as shown. */
const shownTitles = (page: Page) => page.locator('[data-testid="record-table"] tbody tr td:first-child').allInnerTexts();

async function waitForTitles(page: Page, isExpected: (titles: string[]) => boolean): Promise<string[]> {
  let titles: string[] = [];
  await until(async () => isExpected((titles = await shownTitles(page))), 15_000).catch(() => {
    throw new Error(`the list shows ${JSON.stringify(titles)}`);
  });
  return titles;
}

/** Opens a select (a combobox named by its label) and picks an option; the options open in a portal. */
async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a custom select field set on a person filters the people list, and a saved view brings the filter back', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => callOk(suite.server.app, headers, method, url, payload);
  const suffix = randomUUID().slice(0, 6);
  const gold = await api('POST', '/api/v1/people', { last_name: `Золотова-${suffix}`, first_name: 'Алла' });
  const silver = await api('POST', '/api/v1/people', { last_name: `Серебрякова-${suffix}`, first_name: 'Вера' });

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);

  // Settings → Custom fields: a select field on people, its key suggested from the Russian label.
  await page.getByRole('link', { name: 'Настраиваемые поля', exact: true }).click();
  await page.getByLabel('Тип записей').getByText('Контакты', { exact: true }).click();
  await page.getByText('Настраиваемых полей пока нет').waitFor();
  await page.getByRole('button', { name: 'Добавить поле' }).first().click();
  const fieldModal = page.getByRole('dialog', { name: 'Новое поле' });
  await fieldModal.getByLabel('Название').fill('Уровень клиента');
  assert.equal(await fieldModal.getByLabel('Ключ').inputValue(), 'uroven_klienta');
  await choose(page, fieldModal, 'Тип', 'Список');
  await fieldModal.getByLabel('Вариант 1').fill('Золото');
  await fieldModal.getByRole('button', { name: 'Добавить вариант' }).click();
  await fieldModal.getByLabel('Вариант 2').fill('Серебро');
  assert.equal(await fieldModal.getByLabel('Значение 2').inputValue(), 'serebro');
  await fieldModal.getByRole('button', { name: 'Добавить поле' }).click();
  await page.getByRole('cell', { name: 'uroven_klienta' }).waitFor();
  assert.match(await page.getByRole('row').filter({ hasText: 'uroven_klienta' }).innerText(), /Уровень клиента[\s\S]*Список/);

  // The person's form has the new field; the value chosen there is what the API stores.
  await page.goto(`${suite.server.url}/people/${gold.id}`);
  await page.getByRole('tab', { name: 'Данные' }).click();
  await choose(page, page.locator('form'), 'Уровень клиента', 'Золото');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Изменения сохранены').waitFor();
  assert.equal((await api('GET', `/api/v1/people/${gold.id}`)).custom.uroven_klienta, 'zoloto');
  await api('PATCH', `/api/v1/people/${silver.id}`, { custom: { uroven_klienta: 'serebro' } });

  // The people list, filtered by the field: only the gold client stays.
  await page.getByRole('navigation').getByRole('link', { name: 'Контакты', exact: true }).click();
  await page.waitForURL(/\/people$/);
  await waitForTitles(page, (titles) => titles.some((title) => title.includes(silver.last_name)));
  await page.getByRole('button', { name: /^Фильтр/ }).click();
  const drawer = page.getByRole('dialog', { name: 'Фильтр' });
  await drawer.getByRole('button', { name: 'Добавить условие' }).click();
  await choose(page, drawer, 'Поле', 'Уровень клиента');
  assert.equal(await drawer.getByRole('combobox', { name: 'Условие' }).inputValue(), 'равно');
  await choose(page, drawer, 'Значение', 'Золото');
  await drawer.getByRole('button', { name: 'Применить' }).click();
  await page.waitForURL(/[?&]filter=/);
  const filtered = await waitForTitles(page, (titles) => titles.length === 1);
  assert.match(filtered[0]!, new RegExp(gold.last_name));
  assert.equal(await page.getByTestId('filter-count').innerText(), '1');

  // Saved as a view, the filter survives a reload.
  await page.getByRole('button', { name: 'Сохранить вид' }).click();
  const viewModal = page.getByRole('dialog', { name: 'Сохранить вид' });
  await viewModal.getByLabel('Название').fill('Золотые клиенты');
  await viewModal.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.waitForURL(/[?&]view=/);
  assert.doesNotMatch(page.url(), /[?&]filter=/);
  await page.reload();
  assert.deepEqual(await waitForTitles(page, (titles) => titles.length === 1), filtered);
  assert.equal(await page.getByRole('combobox', { name: 'Вид' }).inputValue(), 'Золотые клиенты');

  // The plain list shows everyone again; choosing the view narrows it to the same rows.
  await page.goto(`${suite.server.url}/people`);
  await waitForTitles(page, (titles) => titles.some((title) => title.includes(silver.last_name)));
  await choose(page, page.locator('main'), 'Вид', 'Золотые клиенты');
  await page.waitForURL(/[?&]view=/);
  assert.deepEqual(await waitForTitles(page, (titles) => titles.length === 1), filtered);
});
