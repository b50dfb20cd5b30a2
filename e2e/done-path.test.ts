import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

// The operational CRM end to end, as a new user tries it on the demo workspace: a lead arrives
// through the API and is assigned, is converted, its deal is dragged to won, and the customer's
// timeline tells the whole story. (CSV import and duplicate merging have their own browser tests.)
test('a lead that arrives by API is assigned, converted, won on the board, and the customer’s timeline shows it all', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const company = `ООО «Заря ${randomUUID().slice(0, 8)}»`;
  const dealTitle = `${company}: Интеграция с 1С`;
  const lead = await inject('POST', '/api/v1/leads', {
    first_name: 'Тамара', last_name: 'Белова', company_name: company, phone: '8 (915) 123-45-67',
    channel: 'website', product_interest: 'Интеграция с 1С', message: 'Нужна интеграция с 1С:УТ',
  });
  assert.ok(lead.owner_id, 'distribution assigned the lead on arrival');
  assert.equal(lead.phone, '+79151234567');

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1600, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/leads`);
  const row = page.getByTestId('lead-table').getByRole('row').filter({ hasText: company });
  // Owner names appear once the members list has loaded.
  await until(async () => /Ольга Кузнецова|Игорь Петров/.test(await row.getByTestId('lead-owner').innerText()), 15_000);

  await page.goto(`${suite.server.url}/leads/${lead.id}`);
  await page.getByRole('button', { name: 'Конвертировать' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Конвертировать' }).click();
  const links = page.getByTestId('lead-conversion');
  await links.getByRole('link', { name: dealTitle }).waitFor();
  const converted = await inject('GET', `/api/v1/leads/${lead.id}`);
  assert.equal(converted.status, 'converted');

  await page.goto(`${suite.server.url}/deals/board`);
  const card = page.getByRole('region', { name: 'Новый лид' }).getByTestId('deal-card').filter({ hasText: dealTitle });
  await card.waitFor();
  await card.dragTo(page.getByRole('region', { name: 'Успешно' }).getByTestId('deal-column-count'));
  await page.getByTestId('deal-close-confirm').click();
  await until(async () => (await inject('GET', `/api/v1/deals/${converted.deal_id}`)).stage === 'won', 15_000);

  // The person's timeline carries the lead's history and the deal's win.
  await until(async () => {
    const events = (await inject('GET', `/api/v1/timeline?subject_type=person&subject_id=${converted.person_id}`)).data.map((e: { event: string }) => e.event);
    return ['lead.created', 'lead.converted', 'deal.stage_changed'].every((name) => events.includes(name));
  }, 60_000);
  await page.goto(`${suite.server.url}/people/${converted.person_id}`);
  await page.getByRole('tab', { name: 'Лента' }).click();
  const timeline = page.getByTestId('record-timeline');
  await timeline.getByText('смена стадии').first().waitFor();
  const text = await timeline.innerText();
  assert.match(text, /Новый лид → Успешно/);
  assert.match(text, /конвертация/);
  assert.match(text, /Лид «Белова Тамара»/);
});
