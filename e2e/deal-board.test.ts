import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('a deal dragged to the won column on the board is won', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const title = `Поставка стеллажей ${randomUUID().slice(0, 8)}`;
  const created = await suite.server.app.http.inject({
    method: 'POST', url: '/api/v1/deals', headers,
    payload: { title, stage: 'negotiation', amount: '480000.00', currency: 'RUB' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const deal = created.json();
  const stageOnServer = async () =>
    (await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/deals/${deal.id}`, headers })).json().stage;

  // Wide enough for all five columns, so the won column needs no horizontal scrolling.
  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1600, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/deals/board`);

  // Columns are regions named by their localized stage label.
  const negotiation = page.getByRole('region', { name: 'Переговоры' });
  const won = page.getByRole('region', { name: 'Успешно' });
  const card = negotiation.getByTestId('deal-card').filter({ hasText: title });
  await card.waitFor();

  // Dropped on the column's header: aiming at the middle of a tall column would scroll the page
  // mid-drag, and Chromium would then pick up the card below the pressed point.
  await card.dragTo(won.getByTestId('deal-column-count'));
  // Closing asks why: the default pipeline offers no list of won reasons, so it is free text.
  await page.getByRole('dialog').getByRole('textbox').fill('Подписали договор');
  await page.getByTestId('deal-close-confirm').click();
  await until(async () => (await stageOnServer()) === 'won', 15_000);
  await won.getByTestId('deal-card').filter({ hasText: title }).waitFor();
  await negotiation.getByTestId('deal-card').filter({ hasText: title }).waitFor({ state: 'detached' });
  const saved = (await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/deals/${deal.id}`, headers })).json();
  assert.equal(saved.close_reason, 'Подписали договор');
  assert.ok(saved.closed_at);
});
