import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { browserSuite, signInAsDemo, startSiteServer } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

/** A shop on its own origin: the pasted snippet, a button that reports a cart, and a callback form. */
function shopPage(snippet: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Чайная лавка</title>
${snippet}
</head><body>
<h1>Чайник «Самовар»</h1>
<button id="buy" onclick="rapport('track', 'add_to_cart', { sku: 'KET-360', name: 'Чайник «Самовар»', quantity: 2, price: 2500, currency: 'RUB' }); this.textContent = 'В корзине'">В корзину</button>
<form data-rapport-form="callback" action="/thanks" method="get">
  <input name="name" placeholder="Имя">
  <input name="email" type="email" placeholder="Email">
  <input name="phone" type="tel" placeholder="Телефон (необязательно)">
  <button type="submit">Перезвоните мне</button>
</form>
</body></html>`;
}

function startShop(snippet: string): Promise<{ url: string; close: () => Promise<void> }> {
  return startSiteServer((path) => path.startsWith('/thanks')
    ? `<!doctype html><html><head><meta charset="utf-8"><title>Спасибо</title>${snippet}</head><body><p>Спасибо, перезвоним</p></body></html>`
    : shopPage(snippet));
}

test('a shop visitor who adds to cart and leaves their email becomes a person with those events and cart, shown on their overview', async () => {
  const { app } = suite.server;
  const headers = await loginAs(app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const api = async (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) => {
    const response = await app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.statusCode === 204 ? null : response.json() };
  };
  const settings = (await api('GET', '/api/v1/tracking/settings')).body as { write_key: string; snippet_url: string };
  assert.match(settings.write_key, /^wk_/);

  // Settings → Сайт и трекинг shows the code to paste; the shop pastes exactly that.
  const admin = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(admin, suite.server);
  await admin.getByRole('navigation').getByRole('link', { name: 'Сайт и трекинг' }).click();
  await admin.waitForURL(/\/settings\/site-tracking$/);
  const snippetCode = admin.getByTestId('tracking-snippet');
  await snippetCode.waitFor();
  const snippet = await snippetCode.innerText();
  assert.ok(snippet.includes(`src="${suite.server.url}/t/rapport-track.js"`), snippet);
  assert.ok(snippet.includes(`data-write-key="${settings.write_key}"`), snippet);

  const shop = await startShop(snippet);
  try {
    // Only the shop may send events: its origin goes on the allowed list.
    const allowed = admin.getByRole('combobox', { name: 'Разрешённые сайты' });
    await allowed.fill(shop.url);
    await allowed.press('Enter');
    await admin.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await admin.getByText('Настройки трекинга сохранены').waitFor();
    assert.deepEqual((await api('GET', '/api/v1/tracking/settings')).body.allowed_origins, [shop.url]);

    // The visitor: a page view on arrival, a cart, then the callback form with a new email.
    const visitorContext = await suite.browser.newContext({ locale: 'ru-RU' });
    const visitor = await visitorContext.newPage();
    await visitor.goto(shop.url);
    await visitor.getByRole('button', { name: 'В корзину' }).click();
    await visitor.getByRole('button', { name: 'В корзине' }).waitFor();
    const visitorId = (await visitorContext.cookies(shop.url)).find((cookie) => cookie.name === 'rp_vid')?.value ?? '';
    assert.match(visitorId, /^[A-Za-z0-9_-]{8,64}$/, 'the snippet keeps the visitor id in a first-party cookie');
    const anonymousTypes = async () => (await sql<{ type: string }>`select type from tracking_event
      where visitor_id = ${visitorId} and person_id is null`.execute(app.conn.db)).rows.map((row) => row.type);
    const hasAll = (types: string[], wanted: string[]) => wanted.every((type) => types.includes(type));
    await until(async () => hasAll(await anonymousTypes(), ['page_view', 'add_to_cart']), 15_000);

    const email = `chai.${Date.now()}@example.ru`;
    await visitor.getByPlaceholder('Имя').fill('Вера');
    await visitor.getByPlaceholder('Email').fill(email);
    await visitor.getByRole('button', { name: 'Перезвоните мне' }).click();
    await visitor.getByText('Спасибо, перезвоним').waitFor();

    // Through the API: the person exists, owns the anonymous events too, and has the open cart.
    let personId = '';
    await until(async () => {
      personId = (await api('GET', `/api/v1/people?q=${encodeURIComponent(email)}`)).body.data[0]?.id ?? '';
      return personId !== '';
    }, 15_000);
    const eventTypes = async () => ((await api('GET', `/api/v1/people/${personId}/events?limit=50`)).body.data as { type: string }[]).map((event) => event.type);
    await until(async () => hasAll(await eventTypes(), ['page_view', 'add_to_cart', 'identify', 'form_submitted']), 15_000);
    assert.deepEqual(await anonymousTypes(), [], 'no event of the visitor is left anonymous');
    const activity = (await api('GET', `/api/v1/people/${personId}/activity`)).body;
    assert.deepEqual(activity.open_cart.items['KET-360'], { name: 'Чайник «Самовар»', quantity: 2, price: 2500 });
    assert.equal(Number(activity.open_cart.value), 5000);
    assert.equal(activity.engagement.status, 'active');

    // In Rapport: the person's page opens on the overview with the cart and the events.
    await admin.goto(`${suite.server.url}/people/${personId}`);
    await admin.getByRole('tab', { name: 'Обзор', selected: true }).waitFor();
    const cart = admin.getByTestId('overview-cart');
    await cart.getByText('Чайник «Самовар»').waitFor();
    assert.match(await cart.innerText(), /× 2/);
    assert.match(await admin.getByTestId('overview-cart-value').innerText(), /5\s?000,00\s?₽/);
    const events = admin.getByTestId('overview-events');
    await events.getByText('Отправил форму').waitFor();
    const shown = await admin.getByTestId('overview-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-type')));
    for (const type of ['page_view', 'add_to_cart', 'identify', 'form_submitted']) assert.ok(shown.includes(type), `${type} is among ${shown.join(', ')}`);
    assert.match(await events.innerText(), /Добавил в корзину · Чайник «Самовар» × 2/);
    assert.match(await events.innerText(), new RegExp(`Назвался · ${email.replaceAll('.', '\\.')}`));
    assert.equal(await admin.getByTestId('overview-engagement-status').textContent(), 'Активный');
    await admin.getByTestId('overview-profile').getByText(email).waitFor();

    // A replaced key stops the old code at once: the shop's next batch is refused.
    await admin.goto(`${suite.server.url}/settings/site-tracking`);
    await admin.getByRole('button', { name: 'Заменить ключ' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Заменить', exact: true }).click();
    await admin.getByText('Ключ записи заменён').waitFor();
    const rotated = (await api('GET', '/api/v1/tracking/settings')).body.write_key as string;
    assert.notEqual(rotated, settings.write_key);
    await until(async () => (await admin.getByTestId('tracking-write-key').innerText()) === rotated, 15_000);
    const oldKeyBatch = await app.http.inject({
      method: 'POST', url: `/t/${settings.write_key}/events`, headers: { 'content-type': 'text/plain', origin: shop.url },
      payload: JSON.stringify({ events: [{ id: `evt-old-key-${Date.now()}`, type: 'page_view', visitor_id: visitorId, properties: {} }] }),
    });
    assert.equal(oldKeyBatch.statusCode, 404);
    assert.ok((await admin.getByTestId('tracking-snippet').innerText()).includes(`data-write-key="${rotated}"`));
  } finally {
    await shop.close();
  }
});
