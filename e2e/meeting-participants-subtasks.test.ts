import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import { browserSuite, demoApi, newDemoPage } from './browser-suite.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

const api = () => demoApi(suite.server);

const newPage = () => newDemoPage(suite);

test('a meeting gets a contact, a colleague and a guest as participants, and its calendar file invites them all', async () => {
  const inject = await api();
  const meeting = await inject('POST', '/api/v1/activities', {
    kind: 'meeting', subject: 'Демонстрация для закупщиков', starts_at: '2026-12-10T09:00:00Z', ends_at: '2026-12-10T10:30:00Z', place: 'Переговорная 2',
  });
  const person = (await inject('GET', '/api/v1/people?limit=1')).data[0] as { id: string; full_name: string; email: string };
  const manager = (await inject('GET', '/api/v1/members/directory')).data.find((m: { name: string }) => m.name === 'Игорь Петров') as { user_id: string };
  const page = await newPage();
  await page.goto(`${suite.server.url}/activities/${meeting.id}`);
  await page.getByRole('tab', { name: 'Участники' }).click();

  const personAdder = page.getByRole('combobox', { name: 'Добавить контакт' });
  await personAdder.click();
  await personAdder.fill(person.full_name);
  await page.getByRole('option', { name: new RegExp(person.full_name) }).first().click();
  const memberSelect = page.getByRole('combobox', { name: 'Добавить коллегу' });
  await memberSelect.click();
  await memberSelect.fill('Петров');
  await page.getByRole('option', { name: 'Игорь Петров' }).click();
  await page.getByRole('textbox', { name: 'Или адрес email' }).fill('Olga@Partner.example');
  await page.getByRole('textbox', { name: 'Имя (необязательно)' }).fill('Ольга Партнёрова');
  await page.getByRole('button', { name: 'Добавить адрес' }).click();
  const rows = page.getByTestId('meeting-participant');
  await until(async () => (await rows.count()) === 3);
  assert.match(await rows.nth(0).innerText(), new RegExp(`${person.full_name}[\\s\\S]*Контакт`, 'i'));
  assert.match(await rows.nth(1).innerText(), /Игорь Петров[\s\S]*Коллега/i);
  assert.match(await rows.nth(2).innerText(), /Ольга Партнёрова[\s\S]*olga@partner\.example[\s\S]*Гость/i);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await inject('GET', `/api/v1/activities/${meeting.id}/participants`)).data.length === 3, 15_000);
  const saved = (await inject('GET', `/api/v1/activities/${meeting.id}/participants`)).data as { person_id: string | null; user_id: string | null; email: string | null }[];
  assert.deepEqual(saved.map((p) => [p.person_id, p.user_id, p.email]), [
    [person.id, null, person.email],
    [null, manager.user_id, 'manager@rapport.local'],
    [null, null, 'olga@partner.example'],
  ]);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Скачать .ics' }).click();
  const ics = (await fs.readFile(await (await download).path(), 'utf8')).replace(/\r\n[ \t]/g, '');
  assert.match(ics, /SUMMARY:Демонстрация для закупщиков/);
  const attendees = ics.split('\r\n').filter((line) => line.startsWith('ATTENDEE'));
  assert.equal(attendees.length, 3, ics);
  for (const email of [person.email, 'manager@rapport.local', 'olga@partner.example']) {
    assert.ok(attendees.some((line) => line.endsWith(`:mailto:${email}`)), `${email} is invited: ${attendees.join('\n')}`);
  }
  assert.ok(attendees.some((line) => /CN="?Ольга Партнёрова"?/.test(line)));
});

test('a task gets subtasks in its Subtasks tab, and ticking one off completes it', async () => {
  const inject = await api();
  const task = await inject('POST', '/api/v1/activities', { kind: 'task', subject: 'Подготовить коммерческое предложение' });
  const page = await newPage();
  await page.goto(`${suite.server.url}/activities/${task.id}`);
  await page.getByRole('tab', { name: 'Подзадачи' }).click();

  const subject = page.getByRole('textbox', { name: 'Подзадача', exact: true });
  const rows = page.getByTestId('subtask');
  for (const [index, text] of ['Собрать реквизиты', 'Согласовать скидку'].entries()) {
    await subject.fill(text);
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await until(async () => (await rows.count()) === index + 1, 15_000);
  }
  await page.getByRole('checkbox', { name: 'Отметить «Собрать реквизиты» выполненной' }).check();
  await page.getByText('Выполнено 1 из 2').waitFor();
  await page.getByRole('checkbox', { name: 'Снять отметку «Собрать реквизиты»' }).waitFor();

  const subtasks = (await inject('GET', `/api/v1/activities?filter=${encodeURIComponent(JSON.stringify({ field: 'parent_id', op: 'eq', value: task.id }))}&sort=created_at`)).data as { subject: string; status: string; kind: string }[];
  assert.deepEqual(subtasks.map((s) => [s.subject, s.kind, s.status]), [['Собрать реквизиты', 'task', 'done'], ['Согласовать скидку', 'task', 'planned']]);
});
