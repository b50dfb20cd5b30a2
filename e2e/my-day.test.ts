import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';

const suite = browserSuite();

test('My day lists what the demo user must do today and their stuck deals', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const expected = (await suite.server.app.http.inject({ method: 'GET', url: '/api/v1/my-day', headers })).json();
  assert.ok(expected.rotting_deals.length > 0, 'the demo data has rotting deals');

  const page = await (await suite.browser.newContext({ locale: 'ru-RU' })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('link', { name: 'Мой день', exact: true }).click();
  const rotting = page.getByTestId('my-day-rotting');
  await rotting.getByRole('link').first().waitFor();
  assert.equal(await rotting.getByRole('link').count(), expected.rotting_deals.length);
  assert.equal(await page.getByTestId('my-day-activities').getByRole('link').count(), expected.activities.length);
});
