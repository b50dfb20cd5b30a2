import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('a deal moved to won shows on its contact’s timeline in the browser', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const person = await inject('POST', '/api/v1/people', { last_name: 'Тимофеева', first_name: 'Вера', phone: '8 916 555-12-34' });
  const deal = await inject('POST', '/api/v1/deals', { title: 'Годовое обслуживание', stage: 'negotiation', person_id: person.id });
  await inject('PATCH', `/api/v1/deals/${deal.id}`, { stage: 'won' });
  await until(async () => (await inject('GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}`)).data.length >= 4, 60_000);

  const page = await (await suite.browser.newContext({ locale: 'ru-RU' })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/people/${person.id}`);
  await page.getByRole('tab', { name: 'Лента' }).click();
  const timeline = page.getByTestId('record-timeline');
  await timeline.getByText('смена стадии').first().waitFor();
  const text = await timeline.innerText();
  assert.match(text, /Годовое обслуживание/);
  assert.match(text, /Переговоры → Успешно/);
  assert.match(text, /Контакт «Тимофеева Вера»: создание/);
});
