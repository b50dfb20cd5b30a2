import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

const api = () => demoApi(suite.server);

const newPage = () => newDemoPage(suite);

test('a consent recorded on the person’s Согласия tab is stored with its text version; the person’s data is exported, then erased after typing their id', async () => {
  const inject = await api();
  const person = await inject('POST', '/api/v1/people', { last_name: 'Зимина', first_name: 'Вера', email: 'vera.zimina@example.ru', phone: '+7 913 555-44-33' });
  const page = await newPage();
  await page.goto(`${suite.server.url}/people/${person.id}`);

  await page.getByRole('tab', { name: 'Согласия' }).click();
  await page.getByLabel('Версия текста').fill('privacy-2026-12');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Согласие записано').waitFor();
  const consents = await inject('GET', `/api/v1/people/${person.id}/consents`);
  assert.ok(JSON.stringify(consents).includes('privacy-2026-12'), 'the recorded consent carries its text version');

  await page.getByRole('button', { name: 'Выгрузить персональные данные' }).click();
  await page.getByRole('link', { name: 'Скачать JSON' }).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Скачать JSON' }).waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'Удалить персональные данные' }).click();
  await page.getByLabel('Id человека').fill(person.id);
  await page.getByRole('button', { name: 'Удалить навсегда' }).click();
  await until(async () => (await inject('GET', `/api/v1/people/${person.id}`)).email === null, 30_000);
  const erased = await inject('GET', `/api/v1/people/${person.id}`);
  assert.equal(erased.phone, null);
  assert.notEqual(erased.last_name, 'Зимина');
});

test('the processing register and the 1C exchange settings open for the administrator', async () => {
  const page = await newPage();
  await page.goto(`${suite.server.url}/settings/personal-data`);
  await page.getByText('Реестр обработки').first().waitFor();
  await page.getByText('Срок хранения').first().waitFor();
  await page.goto(`${suite.server.url}/settings/integrations/1c`);
  await page.getByText('Обмен с 1С').first().waitFor();
  await page.getByText('Адрес обмена').first().waitFor();
});
