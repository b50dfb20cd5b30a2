import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';

const suite = browserSuite();

const vcf = (...cards: string[][]) => cards.map((lines) => ['BEGIN:VCARD', ...lines, 'END:VCARD'].join('\r\n')).join('\r\n') + '\r\n';

/** Picks the file in the vCard form and imports it. */
async function importVcf(page: Page, text: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Файл vCard' }).click();
  await (await chooser).setFiles({ name: 'contacts.vcf', mimeType: 'text/vcard', buffer: Buffer.from(text, 'utf8') });
  await page.getByRole('button', { name: 'Импортировать контакты' }).click();
}

test('a vCard file imports its new person and skips a known one; a malformed card is named and nothing is imported; a person downloads as a card', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (url: string) => (await suite.server.app.http.inject({ method: 'GET', url, headers })).json();
  const peopleWithEmail = async (email: string) =>
    (await inject(`/api/v1/people?filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: email }))}`)).data as { id: string; last_name: string; first_name: string; phone: string | null; job_title: string | null }[];
  const known = (await inject('/api/v1/people?limit=1')).data[0] as { id: string; email: string; full_name: string };
  const tag = randomUUID().slice(0, 6);
  const newEmail = `vera.${tag}@example.ru`;

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('link', { name: 'Импорт данных' }).first().click();
  await page.waitForURL('**/import');
  await page.getByText('vCard (.vcf)', { exact: true }).click();

  await importVcf(page, vcf(
    ['VERSION:3.0', `N:Зайцева${tag};Вера;Павловна;;`, `FN:Вера Зайцева${tag}`, `EMAIL;TYPE=INTERNET:${newEmail}`, 'TEL;TYPE=CELL:8 (916) 555-12-34', 'TITLE:Закупщик'],
    ['VERSION:3.0', 'FN:Кто-то Знакомый', `EMAIL;TYPE=INTERNET:${known.email}`],
  ));
  const result = page.getByTestId('vcard-result');
  await result.waitFor({ timeout: 30_000 });
  assert.match(await result.innerText(), /Создано: 1, пропущено как уже известные: 1/);
  await result.getByRole('link', { name: `Зайцева${tag} Вера Павловна` }).waitFor();
  const skipped = page.getByTestId('vcard-skipped');
  assert.match(await skipped.innerText(), /Карточка 2/);
  await skipped.getByRole('link', { name: known.full_name }).waitFor();

  const [vera] = await peopleWithEmail(newEmail);
  assert.ok(vera, 'the new card made a person');
  assert.deepEqual([vera.last_name, vera.first_name, vera.phone, vera.job_title], [`Зайцева${tag}`, 'Вера', '+79165551234', 'Закупщик']);
  assert.equal((await peopleWithEmail(known.email)).length, 1, 'the known person was not created again');

  // Her page offers her card for an address book.
  await result.getByRole('link', { name: `Зайцева${tag} Вера Павловна` }).click();
  await page.waitForURL(`**/people/${vera.id}`);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'vCard', exact: true }).click();
  const card = await fs.readFile(await (await download).path(), 'utf8');
  assert.match(card, /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  assert.match(card, new RegExp(`\r\nN:Зайцева${tag};Вера;Павловна;;\r\n`));
  assert.match(card, new RegExp(`EMAIL;PREF=1:${newEmail.replaceAll('.', '\\.')}`));
  assert.match(card, /TEL;VALUE=uri;PREF=1:tel:\+79165551234/);

  // A file whose second card is malformed: the error names that card, and the good first card is not imported either.
  const goodEmail = `good.${tag}@example.ru`;
  for (const broken of [
    ['VERSION:4.0', 'FN:Плохой Адрес', 'EMAIL:not-an-email'],
    ['VERSION:4.0', 'FN Строка без двоеточия'],
  ]) {
    await page.goto(`${suite.server.url}/import`);
    await page.getByText('vCard (.vcf)', { exact: true }).click();
    await importVcf(page, vcf(['VERSION:4.0', 'FN:Хороший Человек', `EMAIL:${goodEmail}`], broken));
    const errors = page.getByTestId('vcard-errors');
    await errors.waitFor({ timeout: 30_000 });
    const text = await errors.innerText();
    assert.match(text, /Ничего не импортировано/);
    assert.match(text, /Card 2\b/, `the error names the second card: ${text}`);
    assert.equal((await peopleWithEmail(goodEmail)).length, 0, 'nothing was imported');
  }
});
