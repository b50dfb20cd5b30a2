import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';

const suite = browserSuite();

test('a template is written in the editor, previewed as a sample and as a chosen person, saved, and bad Liquid is shown at the body with its line', async () => {
  const api = await demoApi(suite.server);
  const people = (await api('GET', '/api/v1/people?limit=50')).data as { id: string; first_name: string; last_name: string | null; full_name: string }[];
  const person = people.find((p) => p.first_name && p.last_name && p.first_name !== 'Анна')!;
  const name = `Письмо ${randomUUID().slice(0, 6)}`;

  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/templates`);
  // The demo's Russian templates for the journeys are listed.
  await page.getByRole('link', { name: 'Брошенная корзина: напоминание' }).waitFor();
  await page.getByRole('link', { name: 'Шаблоны' }).waitFor();

  await page.getByRole('button', { name: 'Новый шаблон' }).first().click();
  await page.waitForURL('**/marketing/templates/new');
  await page.getByRole('textbox', { name: 'Название' }).fill(name);
  await page.getByRole('textbox', { name: 'Тема' }).fill('Подарок для {{ person.first_name | default: "друга" }}');
  const body = page.getByRole('textbox', { name: 'Текст' });
  await body.fill([
    '<mjml>',
    '  <mj-body>',
    '    <mj-section><mj-column>',
    '      <mj-text>{{ person.first_name | default: "Друг" }}, у вас {{ 5 | plural: "бонус", "бонуса", "бонусов" }}</mj-text>',
    '    </mj-column></mj-section>',
    '  </mj-body>',
    '</mjml>',
  ].join('\n'));

  // The live preview renders the draft as the sample customer: the subject, the HTML in a frame and the text part.
  await page.getByTestId('template-preview-subject').filter({ hasText: 'Подарок для Анна' }).waitFor();
  await page.frameLocator('iframe[title="Предпросмотр письма"]').getByText('Анна, у вас бонусов').waitFor();
  await page.getByRole('tab', { name: 'Текст' }).click();
  await page.getByTestId('template-preview-text').filter({ hasText: 'Анна, у вас бонусов' }).waitFor();

  // Chosen through the people picker, a real customer replaces the sample.
  const picker = page.getByRole('combobox', { name: 'Как увидит' });
  await picker.click();
  await picker.fill(person.full_name);
  await page.getByRole('option', { name: new RegExp(person.full_name) }).first().click();
  await page.getByTestId('template-preview-subject').filter({ hasText: `Подарок для ${person.first_name}` }).waitFor();

  await page.getByRole('button', { name: 'Новый шаблон' }).click();
  await page.waitForURL(/\/marketing\/templates\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const saved = await api('GET', `/api/v1/templates/${id}`);
  assert.equal(saved.name, name);
  assert.equal(saved.channel, 'email');

  // An unknown filter on line 4 is refused on save and shown at the body with the line; the stored template stays.
  const broken = saved.body.replace('| default: "Друг" }}', '| shout }}');
  // The saved template's editor replaces the new one; typing into the one leaving would be lost.
  await page.getByRole('button', { name: 'Сохранить' }).waitFor();
  await body.fill(broken);
  await page.getByTestId('template-preview-error').filter({ hasText: 'undefined filter: shout (line 4' }).waitFor();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText(/Шаблон не собирается: undefined filter: shout \(line 4, column \d+\)/).first().waitFor();
  assert.equal((await api('GET', `/api/v1/templates/${id}`)).body, saved.body);
  await page.context().close();
});
