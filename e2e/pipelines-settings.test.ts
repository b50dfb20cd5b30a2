import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

interface Stage { key: string; label: { en: string; ru: string }; probability: number; rotting_days: number | null; outcome: string }
interface Pipeline { id: string; name: string; lost_reasons: string[]; stages: Stage[] }

test('a pipeline set up in settings shows on the board, takes a deal, and refuses to lose a stage that holds it', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'PATCH', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const pipelineNamed = async (name: string): Promise<Pipeline | undefined> =>
    (await inject('GET', '/api/v1/pipelines')).data.find((p: Pipeline) => p.name === name);
  const name = `Проекты ${randomUUID().slice(0, 6)}`;

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/settings/pipelines`);
  await page.getByTestId('pipeline-row').first().waitFor();

  // A new pipeline starts from the default one's stages: rename, retune, drop, add and reorder them.
  await page.getByRole('button', { name: 'Добавить воронку' }).first().click();
  const modal = page.getByRole('dialog', { name: 'Новая воронка' });
  await modal.getByRole('textbox', { name: 'Название', exact: true }).fill(name);
  const stages = modal.getByTestId('pipeline-stage');
  await until(async () => (await stages.count()) === 5);
  await modal.getByRole('textbox', { name: 'Стадия 1', exact: true }).fill('Заявка');
  await modal.getByRole('textbox', { name: 'Вероятность 1', exact: true }).fill('20');
  await modal.getByRole('textbox', { name: 'Застряла через, дней 1', exact: true }).fill('5');
  await modal.getByRole('textbox', { name: 'Стадия 2', exact: true }).fill('Пилот');
  await modal.getByRole('textbox', { name: 'Вероятность 2', exact: true }).fill('45');
  await modal.getByRole('textbox', { name: 'Застряла через, дней 2', exact: true }).fill('10');
  // «Переговоры» goes.
  await stages.nth(2).getByRole('button', { name: 'Удалить стадию' }).click();
  await until(async () => (await stages.count()) === 4);
  await modal.getByRole('textbox', { name: 'Стадия 3', exact: true }).fill('Оплачено');
  // A new stage lands after the open ones; it becomes a second lost stage and moves to the end.
  await modal.getByRole('button', { name: 'Добавить стадию' }).click();
  await until(async () => (await stages.count()) === 5);
  await modal.getByRole('textbox', { name: 'Стадия 3', exact: true }).fill('Отложена');
  await modal.getByRole('combobox', { name: 'Итог 3', exact: true }).click();
  await page.getByRole('option', { name: 'Провал' }).click();
  await stages.nth(2).getByRole('button', { name: 'Ниже' }).click();
  await stages.nth(3).getByRole('button', { name: 'Ниже' }).click();
  const reasons = modal.getByRole('combobox', { name: 'Причины провала', exact: true });
  await reasons.fill('Ушли к конкуренту');
  await reasons.press('Enter');
  await modal.getByRole('button', { name: 'Добавить воронку' }).click();
  await modal.waitFor({ state: 'detached' });
  await page.getByTestId('pipeline-row').filter({ hasText: name }).waitFor();

  const created = await pipelineNamed(name);
  assert.ok(created, 'the pipeline was saved');
  assert.deepEqual(created.stages.map((s) => [s.label.ru, s.probability, s.rotting_days, s.outcome]), [
    ['Заявка', 20, 5, 'open'],
    ['Пилот', 45, 10, 'open'],
    ['Оплачено', 100, null, 'won'],
    ['Проиграна', 0, null, 'lost'],
    ['Отложена', 0, null, 'lost'],
  ]);
  assert.deepEqual(created.lost_reasons, ['Ушли к конкуренту']);

  // The board offers it in its pipeline picker and shows its stages as columns.
  await page.getByRole('link', { name: 'Воронка', exact: true }).first().click();
  await page.waitForURL('**/deals/board**');
  await page.getByTestId('deal-pipeline-picker').click();
  await page.getByRole('option', { name }).click();
  await page.waitForURL((url) => url.searchParams.get('pipeline') === created.id);
  for (const label of ['Заявка', 'Пилот', 'Оплачено', 'Проиграна', 'Отложена']) await page.getByRole('region', { name: label, exact: true }).waitFor();
  assert.match(await page.getByRole('region', { name: 'Заявка', exact: true }).innerText(), /20\s?%/);

  // A deal in negotiations, a stage the new pipeline lacks, moves there from its page and starts in the first stage.
  const deals = (await inject('GET', `/api/v1/deals?filter=${encodeURIComponent(JSON.stringify({ field: 'stage', op: 'eq', value: 'negotiation' }))}&limit=1`)).data;
  const deal = deals[0] as { id: string; title: string };
  assert.ok(deal, 'the demo has a deal in negotiations');
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  await page.getByRole('combobox', { name: 'Воронка', exact: true }).click();
  await page.getByRole('option', { name }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await inject('GET', `/api/v1/deals/${deal.id}`)).pipeline_id === created.id, 15_000);
  const moved = await inject('GET', `/api/v1/deals/${deal.id}`);
  assert.equal(moved.stage, created.stages[0]!.key);

  await page.goto(`${suite.server.url}/deals/board?pipeline=${created.id}`);
  await page.getByRole('region', { name: 'Заявка', exact: true }).getByTestId('deal-card').filter({ hasText: deal.title }).waitFor();

  // Removing the stage the deal is in is refused with the reason, and nothing changes.
  await page.goto(`${suite.server.url}/settings/pipelines`);
  await page.getByTestId('pipeline-row').filter({ hasText: name }).getByRole('button', { name: 'Изменить' }).click();
  const editor = page.getByRole('dialog', { name: 'Изменить воронку' });
  await editor.getByTestId('pipeline-stage').first().getByRole('button', { name: 'Удалить стадию' }).click();
  await until(async () => (await editor.getByTestId('pipeline-stage').count()) === 4);
  await editor.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await editor.getByText('На удаляемой стадии ещё есть сделки').first().waitFor();
  assert.match(await editor.innerText(), /1 deal\(s\) in "new"/);

  const after = await pipelineNamed(name);
  assert.deepEqual(after?.stages, created.stages);
  const still = await inject('GET', `/api/v1/deals/${deal.id}`);
  assert.equal(still.pipeline_id, created.id);
  assert.equal(still.stage, created.stages[0]!.key);
});
