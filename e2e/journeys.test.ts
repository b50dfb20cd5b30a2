import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('journeys: the demo runs the abandoned cart; a welcome chain opened from a template shows its nodes, gets a task step and a condition built in the rule builder, is published and counts the person inside on its nodes', async () => {
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

  // After the task, a condition built in the segments' rule builder: an incomplete condition is pointed
  // out at its field and holds saving back; an orders condition completes it.
  await page.getByTestId('journey-add-step').click();
  await page.getByRole('menuitem', { name: 'Условие' }).click();
  await page.locator('[data-node-id="condition-1"]').waitFor();
  const rule = page.getByTestId('journey-condition-rule');
  await rule.getByRole('button', { name: 'Условие' }).click();
  const added = rule.getByTestId('segment-condition').last();
  await added.getByText('Проверьте значение').waitFor();
  await rule.getByText('Заполните условие, чтобы сохранить сценарий').waitFor();
  assert.ok(await page.getByTestId('journey-save').isDisabled(), 'an incomplete condition is not saved');
  await added.getByLabel('Вид условия').click();
  await page.getByRole('option', { name: 'Заказы', exact: true }).click();
  await added.getByLabel('Значение').fill('2');
  await rule.getByText('Заполните условие, чтобы сохранить сценарий').waitFor({ state: 'hidden' });
  await page.getByTestId('journey-save').click();
  // The notification sits over the header's buttons; it is closed.
  const notice = page.getByRole('alert').filter({ hasText: 'Сценарий сохранён' });
  await notice.getByRole('button').click();
  await notice.waitFor({ state: 'hidden' });
  const saved = await api('GET', `/api/v1/journeys/${id}`);
  const edges = saved.definition.graph.edges as { from: string; to: string; branch?: string }[];
  assert.deepEqual(edges.filter((e) => ['step-5', 'task-1', 'condition-1'].includes(e.from)), [
    { from: 'step-5', to: 'task-1' }, { from: 'task-1', to: 'condition-1' }, { from: 'condition-1', to: 'step-6', branch: 'yes' }, { from: 'condition-1', to: 'exit-1', branch: 'no' },
  ]);
  const condition = saved.definition.graph.nodes.find((n: { id: string }) => n.id === 'condition-1');
  assert.deepEqual(condition.rule, { kind: 'group', match: 'all', rules: [
    { kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true },
    { kind: 'orders', metric: 'count', op: 'gte', value: 2 },
  ] });

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
