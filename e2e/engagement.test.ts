import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';
import { browserSuite, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('an administrator changes tracking and the attribution window in the sending settings; a window out of range is refused at the field', async () => {
  const { app } = suite.server;
  const headers = await loginAs(app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const settings = async () => (await app.http.inject({ method: 'GET', url: '/api/v1/engagement/settings', headers })).json();

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/messages`);
  await page.getByRole('tab', { name: 'Настройки отправки' }).click();
  const card = page.getByTestId('tracking-settings');
  const window = card.getByRole('textbox', { name: 'Окно атрибуции, дней' });
  assert.equal(await window.inputValue(), '7');
  assert.equal(await card.getByRole('switch', { name: 'Отслеживать открытия и переходы' }).isChecked(), true);

  await window.fill('120');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await card.locator('.mantine-NumberInput-error').waitFor();
  assert.equal((await settings()).attribution_window_days, 7);

  await window.fill('14');
  await card.getByRole('switch', { name: 'Отслеживать открытия и переходы' }).click({ force: true });
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await until(async () => (await settings()).attribution_window_days === 14, 15_000);
  assert.deepEqual(await settings(), { tracking_enabled: false, attribution_window_days: 14 });
});
