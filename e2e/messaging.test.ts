import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';
import { browserSuite, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

/** A loopback SMS gateway that accepts every message. */
const gateway = createServer((request, response) => {
  request.resume().on('end', () => response.setHeader('content-type', 'application/json').end(JSON.stringify({ id: `gw-${Date.now()}` })));
});
before(() => new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve)));
after(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

test('the message log shows a sent message and a skipped one with its reason, and filters by status', async () => {
  const { app } = suite.server;
  const headers = await loginAs(app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => {
    const res = await app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
    return res.json();
  };
  const settings = await call('GET', '/api/v1/messaging/settings');
  const { has_dkim_key: _k, ...email } = settings.email;
  await call('PUT', '/api/v1/messaging/settings', {
    quiet_hours: settings.quiet_hours, frequency_cap: settings.frequency_cap, fallback_order: settings.fallback_order, email,
    sms: { provider_url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`, sender: 'SHOP', token: 'gateway-token' },
    telegram: { bot_username: settings.telegram.bot_username, api_base_url: settings.telegram.api_base_url },
  });
  const people = (await call('GET', '/api/v1/people?limit=2')).data as { id: string; full_name: string }[];
  const [first, second] = people as [{ id: string; full_name: string }, { id: string; full_name: string }];
  await call('PATCH', `/api/v1/people/${first.id}`, { phone: '+7 916 555-01-01' });
  await call('PATCH', `/api/v1/people/${second.id}`, { phone: '+7 916 555-01-02' });
  await call('POST', `/api/v1/people/${second.id}/consents`, { channel: 'sms', purpose: 'marketing', status: 'withdrawn' });
  const sent = await call('POST', '/api/v1/messaging/messages', {
    person_id: first.id, channel: 'sms', purpose: 'service', source: 'manual', idempotency_key: 'e2e-sent', content: { text: 'Ваш заказ готов к выдаче' },
  });
  const skipped = await call('POST', '/api/v1/messaging/messages', {
    person_id: second.id, channel: 'sms', purpose: 'marketing', source: 'campaign', idempotency_key: 'e2e-skipped', content: { text: 'Скидка 20% до воскресенья' },
  });
  await until(async () => (await call('GET', `/api/v1/messaging/messages/${sent.id}`)).status === 'sent'
    && (await call('GET', `/api/v1/messaging/messages/${skipped.id}`)).status === 'skipped', 30_000);

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/messages`);
  await page.getByRole('link', { name: 'Сообщения' }).waitFor();
  const sentRow = page.getByTestId('message-row').filter({ hasText: 'Ваш заказ готов к выдаче' });
  await sentRow.getByTestId('message-status').filter({ hasText: 'Отправлено' }).waitFor();
  const skippedRow = page.getByTestId('message-row').filter({ hasText: 'Скидка 20% до воскресенья' });
  await skippedRow.getByTestId('message-status').filter({ hasText: 'Пропущено' }).waitFor();
  await skippedRow.getByTestId('message-note').filter({ hasText: 'Согласие отозвано' }).waitFor();
  await skippedRow.getByRole('link', { name: second.full_name }).waitFor();

  await page.getByTestId('message-status-filter').click();
  await page.getByRole('option', { name: 'Пропущено' }).click();
  await sentRow.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('message-row').filter({ hasText: 'Скидка 20% до воскресенья' }).count(), 1);

  await page.getByRole('tab', { name: 'Настройки отправки' }).click();
  await page.getByRole('textbox', { name: 'Адрес провайдера' }).waitFor();
  assert.match(await page.getByRole('textbox', { name: 'Адрес провайдера' }).inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/send$/);
});
