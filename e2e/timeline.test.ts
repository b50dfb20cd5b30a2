import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer } from '../src/testing/test-server.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

before(async () => {
  server = await startTestServer({ demo: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a deal moved to won shows on its contact’s timeline in the browser', async () => {
  const headers = await loginAs(server.app, server.demoLogin.email, server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    (await server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const person = await inject('POST', '/api/v1/people', { last_name: 'Тимофеева', first_name: 'Вера', phone: '8 916 555-12-34' });
  const deal = await inject('POST', '/api/v1/deals', { title: 'Годовое обслуживание', stage: 'negotiation', person_id: person.id });
  await inject('PATCH', `/api/v1/deals/${deal.id}`, { stage: 'won' });
  await until(async () => (await inject('GET', `/api/v1/timeline?subject_type=person&subject_id=${person.id}`)).data.length >= 4, 60_000);

  const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="email"]').fill(server.demoLogin.email);
  await page.locator('input[name="password"]').fill(server.demoLogin.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(`${server.url}/people/${person.id}`);
  await page.getByRole('tab', { name: 'Лента' }).click();
  const timeline = page.getByTestId('record-timeline');
  await timeline.getByText('смена стадии').first().waitFor();
  const text = await timeline.innerText();
  assert.match(text, /Годовое обслуживание/);
  assert.match(text, /Переговоры → Успешно/);
  assert.match(text, /Контакт «Тимофеева Вера»: создание/);
});
