import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('a campaign is built in the editor for a list, started after confirming, shows its progress and its report', async () => {
  const api = await demoApi(suite.server);
  const people = (await api('GET', '/api/v1/people?limit=3')).data as { id: string }[];
  const listName = `Рассылка ${randomUUID().slice(0, 6)}`;
  const list = await api('POST', '/api/v1/segments', { name: listName, kind: 'static' });
  await api('POST', `/api/v1/segments/${list.id}/members`, { person_ids: people.map((p) => p.id) });
  const template = ((await api('GET', '/api/v1/templates?channel=email&purpose=marketing')).data as { id: string; name: string }[])[0]!;
  const name = `Кампания ${randomUUID().slice(0, 6)}`;

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/campaigns`);
  await page.getByRole('link', { name: 'Кампании' }).waitFor();
  await page.getByRole('button', { name: 'Новая кампания' }).first().click();
  await page.waitForURL('**/marketing/campaigns/new');
  await page.getByRole('textbox', { name: 'Название' }).fill(name);
  await page.getByRole('combobox', { name: 'Аудитория' }).click();
  await page.getByRole('option', { name: new RegExp(listName) }).click();
  // The audience's live size.
  await page.getByText('Сейчас 3 чел., из них в контрольной группе 0').waitFor();
  await page.getByRole('combobox', { name: 'Вариант A' }).click();
  await page.getByRole('option', { name: template.name }).click();
  await page.getByTestId('campaign-shares-total').filter({ hasText: '100% из 100%' }).waitFor();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForURL(/\/marketing\/campaigns\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const saved = await api('GET', `/api/v1/campaigns/${id}`);
  assert.equal(saved.name, name);
  assert.equal(saved.segment_id, list.id);
  assert.deepEqual(saved.variants, [{ key: 'A', template_id: template.id, share: 100 }]);
  await page.getByTestId('campaign-status').filter({ hasText: 'Черновик' }).waitFor();

  // Starting asks first; then the page follows the campaign to its end.
  await page.getByRole('button', { name: 'Запустить' }).click();
  const dialog = page.getByRole('dialog', { name: 'Запустить кампанию?' });
  await dialog.getByRole('button', { name: 'Запустить' }).click();
  await page.getByTestId('campaign-status').filter({ hasText: 'Завершена' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('campaign-progress').filter({ hasText: 'В очереди 3 из 3' }).waitFor();
  assert.equal(await page.getByTestId('campaign-report-row').count(), 1);
  await page.getByTestId('campaign-report-row').filter({ hasText: 'A' }).waitFor();
  await page.getByTestId('campaign-experiment').waitFor();

  // The list shows it completed.
  await page.getByRole('link', { name: 'Кампании' }).first().click();
  await page.getByTestId('campaign-row').filter({ hasText: name }).filter({ hasText: 'Завершена' }).waitFor();
  await page.context().close();
});
