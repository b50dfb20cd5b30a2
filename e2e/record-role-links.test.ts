import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

const api = () => demoApi(suite.server);

const newPage = () => newDemoPage(suite);

test('a person added to a deal with a role typed in the browser is saved as the deal’s contact with that role', async () => {
  const inject = await api();
  const person = await inject('POST', '/api/v1/people', { last_name: 'Ладожская', first_name: 'Инна' });
  const deal = await inject('POST', '/api/v1/deals', { title: 'Поставка мебели в офис', currency: 'RUB' });
  const page = await newPage();
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  await page.getByRole('tab', { name: 'Участники' }).click();

  const adder = page.getByRole('combobox', { name: 'Добавить участника' });
  await adder.click();
  await adder.fill('Ладожская');
  await page.getByRole('option', { name: /Ладожская/ }).first().click();
  await page.getByRole('combobox', { name: /^Роль: .*Ладожская/ }).fill('ЛПР');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();

  await until(async () => (await inject('GET', `/api/v1/deals/${deal.id}/contacts`)).data.length === 1, 15_000);
  const contacts = (await inject('GET', `/api/v1/deals/${deal.id}/contacts`)).data as { person_id: string; role: string | null }[];
  assert.deepEqual(contacts.map((c) => [c.person_id, c.role]), [[person.id, 'ЛПР']]);
  await until(async () => (await page.getByTestId('deal-contact').count()) === 1);
});

test('a company added to a person with a role typed in the browser is saved with that role, and removing it saves none', async () => {
  const inject = await api();
  const person = await inject('POST', '/api/v1/people', { last_name: 'Озёрский', first_name: 'Глеб' });
  const company = await inject('POST', '/api/v1/companies', { name: 'ООО Северный Ветер' });
  const page = await newPage();
  await page.goto(`${suite.server.url}/people/${person.id}`);
  await page.getByRole('tab', { name: 'Компании' }).click();

  const adder = page.getByRole('combobox', { name: 'Добавить компанию' });
  await adder.click();
  await adder.fill('Северный');
  await page.getByRole('option', { name: /Северный Ветер/ }).first().click();
  await page.getByRole('combobox', { name: 'Роль в ООО Северный Ветер' }).fill('Учредитель');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();

  const saved = async () => (await inject('GET', `/api/v1/people/${person.id}/companies`)).data as { company_id: string; role: string | null }[];
  await until(async () => (await saved()).length === 1, 15_000);
  assert.deepEqual((await saved()).map((c) => [c.company_id, c.role]), [[company.id, 'Учредитель']]);

  await page.getByRole('button', { name: 'Убрать ООО Северный Ветер' }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await saved()).length === 0, 15_000);
});
