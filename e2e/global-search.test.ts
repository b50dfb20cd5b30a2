import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';

const suite = browserSuite();

interface Person { id: string; full_name: string; last_name: string; email: string; phone: string }

/** Opens the search with its shortcut, types, and waits for the person among the hits. */
async function searchFor(page: Page, query: string, person: Person) {
  // The shortcut works once the app's shell, with its search button, is up.
  await page.getByRole('button', { name: /^Поиск…/ }).waitFor();
  await page.keyboard.press('Control+k');
  const box = page.getByRole('dialog').getByRole('textbox', { name: 'Поиск' });
  await box.fill(query);
  const hit = page.getByRole('option').filter({ hasText: person.full_name });
  await hit.waitFor({ timeout: 15_000 });
  return { box, hit };
}

test('global search finds a demo person by a mistyped surname, an email fragment and a phone in another format, and opens them', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const filter = { field: 'last_name', op: 'eq', value: 'Степанов' };
  const people = (await (await suite.server.app.http.inject({ method: 'GET', url: `/api/v1/people?limit=50&filter=${encodeURIComponent(JSON.stringify(filter))}`, headers })).json()).data as Person[];
  const person = people.find((p) => p.email && p.phone?.startsWith('+79'));
  assert.ok(person, 'the demo has a Степанов with an email and a mobile phone');

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  const opened = async () => {
    await page.waitForURL(`**/people/${person.id}`);
    await page.getByRole('heading', { name: person.full_name }).waitFor();
  };

  // «Стеанов»: a letter left out in the middle.
  const typo = `${person.last_name.slice(0, 3)}${person.last_name.slice(4)}`;
  const byTypo = await searchFor(page, typo, person);
  await byTypo.hit.click();
  await opened();

  // Part of the address, from its middle: the surname and the number of the demo mailbox.
  await page.goto(`${suite.server.url}/`);
  const fragment = person.email.split('@')[0]!.split('.')[1]!;
  const byEmail = await searchFor(page, fragment, person);
  // Other Степановы come up as near matches; the one whose address holds it ranks first, and Enter opens the first.
  assert.match(await page.getByRole('option').first().innerText(), new RegExp(person.full_name));
  await byEmail.box.press('Enter');
  await opened();

  // The stored +79XXXXXXXXX typed the way people say it: 8 (9XX) XXX-XX-XX.
  await page.goto(`${suite.server.url}/`);
  const digits = person.phone.slice(2);
  const spoken = `8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`;
  const byPhone = await searchFor(page, spoken, person);
  assert.match(await page.getByRole('option').first().innerText(), new RegExp(person.full_name));
  await byPhone.box.press('Enter');
  await opened();
});
