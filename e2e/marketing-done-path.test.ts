import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { browserSuite, demoApi, newDemoPage, startSiteServer } from './browser-suite.ts';
import { wakeDueEnrollments } from '../src/modules/journeys/index.ts';
import { sweepAbandonedCarts } from '../src/modules/tracking/index.ts';
import { startSmtpSink } from '../src/testing/smtp-sink.ts';
import { liftSendingLimits, loginAs } from '../src/testing/test-app.ts';
import { freePort, until } from '../src/testing/wait.ts';

// The server mails to a real SMTP sink, and its public URL is where it listens, so the
// unsubscribe link in a mail is the very URL a mail client would POST to.
const smtp = await startSmtpSink();
const port = await freePort();
const suite = browserSuite({ config: { port, publicUrl: `http://127.0.0.1:${port}`, smtpHost: '127.0.0.1', smtpPort: smtp.port } });
after(() => smtp.close());

/** A shop on its own origin with the pasted snippet: the visitor signs in by email and puts a kettle in the cart. */
function startShop(snippet: string): Promise<{ url: string; close: () => Promise<void> }> {
  const page = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Чайная лавка</title>
${snippet}
</head><body>
<form id="sign-in" onsubmit="event.preventDefault(); rapport('identify', { email: this.email.value }); this.hidden = true">
  <input name="email" type="email" placeholder="Ваш email">
  <button type="submit">Войти</button>
</form>
<h1>Чайник «Самовар»</h1>
<button onclick="rapport('track', 'add_to_cart', { sku: 'KET-360', name: 'Чайник «Самовар»', quantity: 1, price: 2500, currency: 'RUB' }); this.textContent = 'В корзине'">В корзину</button>
</body></html>`;
  return startSiteServer(() => page);
}

/** A header as it came over the wire, unfolded (mailparser folds the List-* ones into one parsed object). */
function headerValue(mail: ParsedMail, key: string): string {
  const line = mail.headerLines.find((header) => header.key === key)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** The one-click URL of a List-Unsubscribe header (RFC 2369 angle brackets; RFC 8058). */
const oneClickUrl = (mail: ParsedMail) => /<(https?:\/\/[^>\s]+)>/.exec(headerValue(mail, 'list-unsubscribe'))?.[1] ?? '';

interface Enrollment { id: string; journey_id: string; version_number: number; current_node: string; status: string; wait_until: string | null }
interface Message { id: string; source: string; status: string; skip_reason: string | null; subject: string | null; address: string | null }

test('marketing end to end: a segment built with its live size, the abandoned-cart journey shortened and live, a shop visitor’s cart brings the reminder by email, one-click unsubscribe stops the next one, and the journey counts the person on its nodes', async () => {
  const { app } = suite.server;
  const api = await demoApi(suite.server);
  const headers = await loginAs(app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  // Quiet hours would hold marketing till the morning when the test runs in the Moscow evening.
  await liftSendingLimits(app, headers);

  // A customer who agreed to marketing email, recorded by an operator.
  const email = `vera.${Date.now()}@example.ru`;
  const person = await api('POST', '/api/v1/people', { first_name: 'Вера', last_name: 'Чайкина', email }) as { id: string };
  const grant = await api('POST', `/api/v1/people/${person.id}/consents`, { channel: 'email', purpose: 'marketing', status: 'granted' });
  assert.equal(grant.status, 'granted');
  const consentRule = { kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true };
  const cartRule = { kind: 'event', event_type: 'add_to_cart', did: true, at_least: 1, within_days: 7 };
  const subscribers = (await api('POST', '/api/v1/segments/preview', { rules: { kind: 'group', match: 'all', rules: [consentRule] } })).count as number;
  const withCart = (await api('POST', '/api/v1/segments/preview', { rules: { kind: 'group', match: 'all', rules: [consentRule, cartRule] } })).count as number;
  assert.ok(subscribers >= 1, 'the new subscriber is among the subscribers');

  // 1. The marketer builds "subscribers with a cart" in the rule builder, watching its size as the rules change.
  const page = await newDemoPage(suite);
  await page.goto(`${suite.server.url}/marketing/segments/new`);
  const segmentName = 'Подписчики с корзиной';
  await page.getByLabel('Название').fill(segmentName);
  await page.getByRole('button', { name: 'Условие' }).click();
  await page.getByTestId('segment-condition').getByLabel('Вид условия').click();
  await page.getByRole('option', { name: 'Согласие', exact: true }).click();
  await page.getByTestId('segment-preview-count').filter({ hasText: new RegExp(`^${subscribers}\\s`) }).waitFor();
  await page.getByTestId('segment-preview').getByRole('link', { name: /Чайкина/ }).waitFor();
  await page.getByRole('button', { name: 'Условие' }).click();
  await page.getByTestId('segment-condition').nth(1).getByLabel('Вид условия').click();
  await page.getByRole('option', { name: 'Поведение', exact: true }).click();
  await page.getByTestId('segment-preview-count').filter({ hasText: new RegExp(`^${withCart}\\s`) }).waitFor();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForURL(/\/marketing\/segments\/[0-9a-f-]{36}$/);
  const segmentId = page.url().split('/').pop()!;
  const segment = await api('GET', `/api/v1/segments/${segmentId}`);
  assert.equal(segment.name, segmentName);
  assert.deepEqual(segment.rules, { kind: 'group', match: 'all', rules: [consentRule, cartRule] });

  // 2. The demo's abandoned-cart journey is live. Its waits (an hour, then a day) become a minute and an hour, which
  // publishes version 2; the test moves the clock to each wait's end. The second stays an hour so the minute tick
  // can't send the discount before she unsubscribes.
  await page.goto(`${suite.server.url}/marketing/journeys`);
  const journeyRow = page.getByTestId('journey-row').filter({ hasText: 'Брошенная корзина' });
  await journeyRow.getByText('Запущен').waitFor();
  await journeyRow.getByRole('link', { name: 'Брошенная корзина' }).click();
  await page.waitForURL(/\/marketing\/journeys\/[0-9a-f-]{36}$/);
  const journeyId = page.url().split('/').pop()!;
  await page.getByTestId('journey-version').getByText('Версия 1').waitFor();
  for (const [waitNode, minutes] of [['step-1', '1'], ['step-3', '60']] as const) {
    await page.locator(`[data-node-id="${waitNode}"]`).click();
    await page.getByTestId('journey-node-panel').getByText('Ожидание').waitFor();
    await page.getByTestId('journey-wait-minutes').fill(minutes);
  }
  await page.getByTestId('journey-save').click();
  await page.getByRole('alert').filter({ hasText: 'новые люди войдут в версию 2' }).waitFor();
  await page.getByTestId('journey-version').getByText('Версия 2').waitFor();
  await page.getByTestId('journey-status').getByText('Запущен').waitFor();
  const journey = await api('GET', `/api/v1/journeys/${journeyId}`);
  assert.equal(journey.status, 'live');
  const waits = journey.definition.graph.nodes.filter((node: { type: string }) => node.type === 'wait').map((node: { wait: unknown }) => node.wait);
  assert.deepEqual(waits, [{ mode: 'duration', minutes: 1 }, { mode: 'duration', minutes: 60 }]);

  // 3. Settings → Сайт и трекинг: the snippet goes on the shop, the shop is allowed, a cart counts as abandoned after 5 minutes.
  await page.goto(`${suite.server.url}/settings/site-tracking`);
  const snippet = await page.getByTestId('tracking-snippet').innerText();
  const shop = await startShop(snippet);
  try {
    const allowed = page.getByRole('combobox', { name: 'Разрешённые сайты' });
    await allowed.fill(shop.url);
    await allowed.press('Enter');
    await page.getByRole('textbox', { name: 'Корзина брошена через, минут' }).fill('5');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Настройки трекинга сохранены').waitFor();
    const tracking = await api('GET', '/api/v1/tracking/settings');
    assert.deepEqual([tracking.allowed_origins, tracking.cart_abandon_minutes], [[shop.url], 5]);

    // The visitor signs in with her email, puts the kettle in the cart and leaves.
    const visitorContext = await suite.browser.newContext({ locale: 'ru-RU' });
    const visitor = await visitorContext.newPage();
    await visitor.goto(shop.url);
    await visitor.getByPlaceholder('Ваш email').fill(email);
    await visitor.getByRole('button', { name: 'Войти' }).click();
    await visitor.getByRole('button', { name: 'В корзину' }).click();
    await visitor.getByRole('button', { name: 'В корзине' }).waitFor();
    await until(async () => {
      const cart = (await api('GET', `/api/v1/people/${person.id}/activity`)).open_cart as { items: Record<string, unknown> } | null;
      return cart !== null && 'KET-360' in cart.items;
    }, 15_000);
    await visitorContext.close();
  } finally {
    await shop.close();
  }

  // She is in the segment now, in real time.
  const isMember = async () => ((await api('GET', `/api/v1/segments/${segmentId}/members`)).data as { person_id: string }[]).some((m) => m.person_id === person.id);
  await until(async () => await isMember(), 15_000);

  // The clock moves to five minutes after her last touch of the cart: the sweep abandons it and the journey takes her in.
  const openCart = (await api('GET', `/api/v1/people/${person.id}/activity`)).open_cart as { updated_at: string };
  assert.equal(await sweepAbandonedCarts(app.conn.db, new Date(Date.parse(openCart.updated_at) + 5 * 60_000 + 1000)), 1);
  const enrollment = async () => ((await api('GET', `/api/v1/people/${person.id}/journeys`)).data as Enrollment[]).find((e) => e.journey_id === journeyId);
  const waitingAt = async (node: string) => {
    let found: Enrollment | undefined;
    await until(async () => {
      found = await enrollment();
      return found?.status === 'waiting' && found.current_node === node;
    }, 30_000);
    return found!;
  };
  const firstWait = await waitingAt('step-1');
  assert.equal(firstWait.version_number, 2);

  // 4. The wait ends (the engine's wake at that moment): the reminder goes out and arrives at the mailbox.
  await wakeDueEnrollments(app.conn.db, app.jobs, new Date(Date.parse(firstWait.wait_until!) + 1000));
  const mailsToHer = () => smtp.received.filter((mail) => JSON.stringify(mail.to).includes(email));
  await until(() => mailsToHer().length === 1, 30_000);
  const reminder = mailsToHer()[0]!;
  const messages = async () => ((await api('GET', `/api/v1/people/${person.id}/messages`)).data as Message[]).filter((m) => m.source === 'journey');
  await until(async () => (await messages()).some((m) => m.status === 'sent'), 15_000);
  const sent = (await messages()).find((m) => m.status === 'sent')!;
  assert.equal(reminder.subject, 'Вы кое-что забыли в корзине');
  assert.equal(sent.subject, reminder.subject);
  assert.equal(sent.address, email);
  assert.match(reminder.text ?? '', /Чайник «Самовар»/, 'the reminder lists what is in her cart');

  // 5. One-click unsubscribe, as a mail client does it (RFC 8058): POST the header's URL with the form body.
  const unsubscribe = oneClickUrl(reminder);
  assert.ok(unsubscribe.startsWith(`${suite.server.url}/u/`), `List-Unsubscribe: ${unsubscribe}`);
  assert.equal(headerValue(reminder, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  const clicked = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(clicked.status, 200);
  assert.deepEqual(await clicked.json(), { status: 'unsubscribed', channel: 'email', purpose: 'marketing' });
  const latest = (await api('GET', `/api/v1/people/${person.id}/consents`)).data[0];
  assert.deepEqual([latest.channel, latest.purpose, latest.status, latest.source], ['email', 'marketing', 'withdrawn', 'email_link']);
  // Without the consent she leaves the segment.
  await until(async () => !(await isMember()), 15_000);

  // The second wait ends: the discount email is skipped as withdrawn, and nothing more reaches her mailbox.
  const secondWait = await waitingAt('step-3');
  await wakeDueEnrollments(app.conn.db, app.jobs, new Date(Date.parse(secondWait.wait_until!) + 1000));
  await until(async () => (await messages()).some((m) => m.status === 'skipped'), 30_000);
  const skipped = (await messages()).find((m) => m.status === 'skipped')!;
  assert.equal(skipped.skip_reason, 'withdrawn');
  assert.deepEqual((await messages()).map((m) => m.status).sort(), ['sent', 'skipped']);
  await until(async () => (await enrollment())?.status === 'exited', 15_000);
  assert.equal(mailsToHer().length, 1);

  // 6. The editor counts her on the nodes of version 2: through the trigger, both waits and sends, out at the exit.
  await page.goto(`${suite.server.url}/marketing/journeys/${journeyId}`);
  for (const node of ['trigger', 'step-1', 'step-2', 'step-3', 'step-4']) {
    await page.locator(`[data-node-id="${node}"]`).getByTestId('journey-node-counts').getByText('1 прошли').waitFor({ timeout: 15_000 });
  }
  await page.locator('[data-node-id="step-5"]').getByTestId('journey-node-counts').getByText('1 вышли').waitFor();
  await page.context().close();
});
