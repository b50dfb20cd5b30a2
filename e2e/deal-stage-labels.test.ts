import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

interface Stage { key: string; label: { en: string; ru: string } }
interface Pipeline { id: string; name: string; stages: Stage[] }

/** The names a select offers: opens it, reads its options and closes it again. */
async function choicesOf(page: Page, name: string): Promise<string[]> {
  await page.getByRole('combobox', { name, exact: true }).click();
  const options = page.getByRole('option');
  await options.first().waitFor();
  const names = (await options.allInnerTexts()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  await options.first().waitFor({ state: 'detached' });
  return names;
}

test('a deal in a second pipeline is named and moved by that pipeline’s own stages', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  const name = `Входящие ${randomUUID().slice(0, 6)}`;

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);

  // A new pipeline copies the default stages; renaming one in Russian drops the copied English name.
  await page.goto(`${suite.server.url}/settings/pipelines`);
  await page.getByTestId('pipeline-row').first().waitFor();
  await page.getByRole('button', { name: 'Добавить воронку' }).first().click();
  const modal = page.getByRole('dialog', { name: 'Новая воронка' });
  await modal.getByRole('textbox', { name: 'Название', exact: true }).fill(name);
  const stages = modal.getByTestId('pipeline-stage');
  await until(async () => (await stages.count()) === 5);
  assert.equal(await modal.getByRole('textbox', { name: 'Стадия по-английски 1', exact: true }).inputValue(), 'New lead');
  await modal.getByRole('textbox', { name: 'Стадия 1', exact: true }).fill('Заявка');
  assert.equal(await modal.getByRole('textbox', { name: 'Стадия по-английски 1', exact: true }).inputValue(), '');
  await modal.getByRole('textbox', { name: 'Стадия 2', exact: true }).fill('Пилот');
  await modal.getByRole('textbox', { name: 'Стадия по-английски 2', exact: true }).fill('Pilot');
  await stages.nth(2).getByRole('button', { name: 'Удалить стадию' }).click();
  await until(async () => (await stages.count()) === 4);
  await modal.getByRole('button', { name: 'Добавить воронку' }).click();
  await modal.waitFor({ state: 'detached' });

  const created = (await inject('GET', '/api/v1/pipelines')).data.find((p: Pipeline) => p.name === name) as Pipeline;
  assert.deepEqual(created.stages.map((s) => [s.key, s.label.ru, s.label.en]), [
    ['new', 'Заявка', 'Заявка'],
    ['qualification', 'Пилот', 'Pilot'],
    ['won', 'Успешно', 'Won'],
    ['lost', 'Проиграна', 'Lost'],
  ]);

  // «new» is a key the default pipeline has too, named «Новый лид» there.
  const deal = await inject('POST', '/api/v1/deals', { title: `Заявка с сайта ${randomUUID().slice(0, 6)}`, pipeline_id: created.id, stage: 'new' });
  await page.goto(`${suite.server.url}/deals/${deal.id}`);
  const stage = page.getByRole('combobox', { name: 'Стадия', exact: true });
  await until(async () => (await stage.inputValue()) === 'Заявка');
  assert.deepEqual(await choicesOf(page, 'Стадия'), ['Заявка', 'Пилот', 'Успешно', 'Проиграна']);

  // Switching the pipeline switches the choices; a stage the other pipeline lacks gives way to its first.
  await page.getByRole('combobox', { name: 'Воронка', exact: true }).click();
  await page.getByRole('option', { name: 'Продажи', exact: true }).click();
  await until(async () => (await stage.inputValue()) === 'Новый лид');
  assert.deepEqual(await choicesOf(page, 'Стадия'), ['Новый лид', 'Квалификация', 'Переговоры', 'Успешно', 'Проиграна']);
  await stage.click();
  await page.getByRole('option', { name: 'Переговоры', exact: true }).click();
  await page.getByRole('combobox', { name: 'Воронка', exact: true }).click();
  await page.getByRole('option', { name, exact: true }).click();
  await until(async () => (await stage.inputValue()) === 'Заявка');
  await stage.click();
  await page.getByRole('option', { name: 'Пилот', exact: true }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => {
    const saved = await inject('GET', `/api/v1/deals/${deal.id}`);
    return saved.pipeline_id === created.id && saved.stage === 'qualification';
  }, 15_000);

  // The list names the stage from the deal's pipeline, not «Квалификация» of the default one.
  const view = await inject('POST', '/api/v1/views', {
    object_type: 'deal', name: `Входящие ${randomUUID().slice(0, 6)}`, filter: { field: 'pipeline_id', op: 'eq', value: created.id }, columns: ['stage', 'pipeline_id'],
  });
  await page.goto(`${suite.server.url}/deals?view=${view.id}`);
  const row = page.getByRole('row', { name: new RegExp(deal.title) });
  await row.waitFor();
  assert.match(await row.innerText(), /Пилот/i);
  assert.doesNotMatch(await row.innerText(), /Квалификация/i);

  // In English the stage reads the name given in English.
  const english = await (await suite.browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(english, suite.server);
  await english.goto(`${suite.server.url}/deals/${deal.id}`);
  const englishStage = english.getByRole('combobox', { name: 'Stage', exact: true });
  await until(async () => (await englishStage.inputValue()) === 'Pilot');
});
