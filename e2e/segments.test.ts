import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('segments: the demo’s segments are listed; a segment built in the rule builder shows its live size, refuses an incomplete condition at the field, saves and lists its members, and a member’s page shows it', async () => {
  const api = await demoApi(suite.server);
  const demoSegments = (await api('GET', '/api/v1/segments')).data as { name: string; member_count: number }[];
  assert.ok(demoSegments.some((s) => s.name === 'Спящие клиенты'), 'the demo seeds its segments');
  const repeatRules = { kind: 'group', match: 'all', rules: [{ kind: 'orders', metric: 'count', op: 'gte', value: 2 }] };
  const expected = (await api('POST', '/api/v1/segments/preview', { rules: repeatRules })).count as number;
  assert.ok(expected > 0, 'the demo has repeat buyers');

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/segments`);
  const table = page.getByTestId('segments-table');
  await table.getByText('Спящие клиенты').waitFor();
  const sleeping = demoSegments.find((s) => s.name === 'Спящие клиенты')!;
  assert.equal((await table.locator('tbody tr').filter({ hasText: 'Спящие клиенты' }).locator('td').allInnerTexts())[2]!.replace(/\s/g, ''), String(sleeping.member_count));

  await page.getByRole('link', { name: 'Новый сегмент' }).click();
  await page.getByLabel('Название').fill('Повторные покупатели');
  await page.getByRole('button', { name: 'Условие' }).click();
  // A condition without a field is pointed out at the field, and nothing is saved.
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByTestId('segment-condition').getByText('Проверьте значение').waitFor();
  assert.match(page.url(), /\/marketing\/segments\/new$/);

  await page.getByTestId('segment-condition').getByLabel('Вид условия').click();
  await page.getByRole('option', { name: 'Заказы', exact: true }).click();
  await page.getByTestId('segment-condition').getByLabel('Значение').fill('2');
  await page.getByTestId('segment-preview-count').filter({ hasText: String(expected) }).waitFor();
  assert.ok((await page.getByTestId('segment-preview').getByRole('link').count()) > 0, 'the preview shows a sample of members');

  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForURL(/\/marketing\/segments\/[0-9a-f-]{36}$/);
  await page.getByRole('tab', { name: /Участники/ }).click();
  const members = page.getByTestId('segment-members').locator('tbody tr');
  await members.first().waitFor();
  assert.equal(await members.count(), Math.min(expected, 50));
  await page.getByRole('tab', { name: 'История' }).click();
  await page.getByTestId('segment-history').getByText('Вошёл').first().waitFor();

  // A member's page lists the segment on its Segments tab.
  await page.getByRole('tab', { name: /Участники/ }).click();
  await members.first().getByRole('link').click();
  await page.waitForURL(/\/people\/[0-9a-f-]{36}/);
  await page.getByRole('tab', { name: 'Сегменты' }).click();
  await page.getByTestId('person-segments').getByRole('link', { name: 'Повторные покупатели' }).first().waitFor();

  const saved = (await api('GET', '/api/v1/segments')).data.find((s: { name: string }) => s.name === 'Повторные покупатели');
  assert.equal(saved.member_count, expected);
  assert.deepEqual(saved.rules, repeatRules);
});
