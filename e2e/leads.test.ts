import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('a lead entered in the browser is given to an agent, converted into a contact and a deal, and the conversion shows on its timeline', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const company = `ООО «Ромашка ${randomUUID().slice(0, 8)}»`;
  const product = 'Внедрение CRM';
  const dealTitle = `${company}: ${product}`;

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('link', { name: 'Лиды', exact: true }).click();

  await page.getByRole('button', { name: 'Новый лид' }).first().click();
  const form = page.getByRole('dialog');
  await form.locator('input[name="first_name"]').fill('Евгения');
  await form.locator('input[name="company_name"]').fill(company);
  await form.locator('input[name="product_interest"]').fill(product);
  await form.getByRole('button', { name: 'Создать' }).click();
  await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
  const leadId = new URL(page.url()).pathname.split('/').pop();

  // Distribution gave the lead to an agent on shift: the operator round the clock, or the manager in office hours.
  await page.getByRole('navigation').getByRole('link', { name: 'Лиды', exact: true }).click();
  const row = page.getByTestId('lead-table').getByRole('row').filter({ hasText: company });
  await row.waitFor();
  assert.match(await row.getByTestId('lead-owner').innerText(), /Ольга Кузнецова|Игорь Петров/);
  assert.match(await row.getByTestId('lead-sla').innerText(), /через/i);

  await row.getByRole('link', { name: 'Евгения', exact: true }).click();
  await page.getByRole('button', { name: 'Конвертировать' }).click();
  const conversion = page.getByRole('dialog');
  assert.equal(await conversion.locator('input[name="title"]').inputValue(), dealTitle);
  await conversion.getByRole('button', { name: 'Конвертировать' }).click();

  const links = page.getByTestId('lead-conversion');
  await links.getByRole('link', { name: dealTitle }).waitFor();
  await links.getByRole('link', { name: 'Евгения', exact: true }).waitFor();
  await links.getByRole('link', { name: company, exact: true }).waitFor();

  await links.getByRole('link', { name: dealTitle }).click();
  await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: dealTitle }).waitFor();

  // The timeline is written from events after the request returns; open it once the entry exists.
  const timelineUrl = `/api/v1/timeline?subject_type=lead&subject_id=${leadId}`;
  await until(async () => {
    const response = await suite.server.app.http.inject({ method: 'GET', url: timelineUrl, headers });
    return response.json().data.some((entry: { event: string }) => entry.event === 'lead.converted');
  }, 60_000);
  await page.goto(`${suite.server.url}/leads/${leadId}`);
  await page.getByRole('tab', { name: 'Лента' }).click();
  await page.getByTestId('record-timeline').getByText('конвертация').waitFor();
  assert.match(await page.getByTestId('record-timeline').innerText(), /Лид «Евгения»: конвертация/);
});
