import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('journeys: the demo runs the abandoned cart; a welcome chain opened from a template shows its nodes, gets a task step, is published and counts the person inside on its nodes', async () => {
  const api = await demoApi(suite.server);
  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/journeys`);
  // The demo's abandoned-cart journey is live.
  const demoRow = page.getByTestId('journey-row').filter({ hasText: 'Брошенная корзина' });
  await demoRow.getByText('Запущен').waitFor();
  await demoRow.getByText('Версия 1').waitFor();

  await page.getByTestId('journey-from-template').first().click();
  await page.getByTestId('journey-template-welcome').click();
  await page.waitForURL(/\/marketing\/journeys\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  // The graph: the trigger, three emails, two waits and the exit.
  await page.getByTestId('journey-node').nth(6).waitFor();
  assert.equal(await page.getByTestId('journey-node').count(), 7);
  await page.getByTestId('journey-version').getByText('Не опубликован').waitFor();

  // A node opens in the side panel with its own form.
  await page.locator('[data-node-id="step-2"]').click();
  await page.getByTestId('journey-node-panel').getByText('Ожидание').waitFor();
  assert.equal(await page.getByTestId('journey-wait-minutes').inputValue(), '2880');

  // A task for the owner is added after the coupon email and saved.
  await page.locator('[data-node-id="step-5"]').click();
  await page.getByTestId('journey-add-step').click();
  await page.getByRole('menuitem', { name: 'Задача ответственному' }).click();
  await page.locator('[data-node-id="task-1"]').waitFor();
  await page.getByTestId('journey-save').click();
  // The notification sits over the header's buttons; it is closed.
  const notice = page.getByRole('alert').filter({ hasText: 'Сценарий сохранён' });
  await notice.getByRole('button').click();
  await notice.waitFor({ state: 'hidden' });
  const saved = await api('GET', `/api/v1/journeys/${id}`);
  assert.deepEqual(saved.definition.graph.edges.filter((e: { from: string; to: string }) => e.from === 'step-5' || e.to === 'step-6'), [{ from: 'step-5', to: 'task-1' }, { from: 'task-1', to: 'step-6' }]);

  await page.getByTestId('journey-publish').click();
  await page.getByTestId('journey-version').getByText('Версия 1').waitFor();
  await page.getByTestId('journey-status').getByText('Запущен').waitFor();
  assert.equal((await api('GET', `/api/v1/journeys/${id}`)).status, 'live');

  // A person enrolled by hand gets the first email and waits at the first wait; the node says so.
  const person = (await api('GET', '/api/v1/people?limit=1')).data[0] as { id: string };
  await api('POST', `/api/v1/journeys/${id}/enrollments`, { person_id: person.id });
  const waitNode = page.locator('[data-node-id="step-2"]');
  await waitNode.getByTestId('journey-node-counts').getByText('1 ждут').waitFor({ timeout: 30_000 });
  await page.locator('[data-node-id="step-1"]').getByText('1 прошли').waitFor();

  await page.getByTestId('journey-pause').click();
  await page.getByTestId('journey-status').getByText('На паузе').waitFor();
  await page.context().close();
});
