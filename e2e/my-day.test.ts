import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer } from '../src/testing/test-server.ts';
import { loginAs } from '../src/testing/test-app.ts';

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

test('My day lists what the demo user must do today and their stuck deals', async () => {
  const headers = await loginAs(server.app, server.demoLogin.email, server.demoLogin.password);
  const expected = (await server.app.http.inject({ method: 'GET', url: '/api/v1/my-day', headers })).json();
  assert.ok(expected.rotting_deals.length > 0, 'the demo data has rotting deals');

  const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="email"]').fill(server.demoLogin.email);
  await page.locator('input[name="password"]').fill(server.demoLogin.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByRole('link', { name: 'Мой день', exact: true }).click();
  const rotting = page.getByTestId('my-day-rotting');
  await rotting.getByRole('link').first().waitFor();
  assert.equal(await rotting.getByRole('link').count(), expected.rotting_deals.length);
  assert.equal(await page.getByTestId('my-day-activities').getByRole('link').count(), expected.activities.length);
});
