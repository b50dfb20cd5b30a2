import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('an order gets its lines, is paid, has part returned, and its customer’s purchases show the revenue net of the return', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await suite.server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
  // A demo person who has bought nothing yet (the demo shop's orders belong to a few others).
  const people = (await inject('GET', '/api/v1/people?limit=50')).data as { id: string }[];
  let customerId = '';
  for (const person of people) {
    if ((await inject('GET', `/api/v1/orders?filter=${encodeURIComponent(JSON.stringify({ field: 'person_id', op: 'eq', value: person.id }))}`)).data.length === 0) {
      customerId = person.id;
      break;
    }
  }
  assert.ok(customerId, 'a demo person without orders');
  const order = await inject('POST', '/api/v1/orders', { number: 'WEB-7001', person_id: customerId, currency: 'RUB', channel: 'online' });
  const orderNow = () => inject('GET', `/api/v1/orders/${order.id}`);

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  // Продажи → Заказы opens the generic list with the order's total column.
  await page.getByRole('navigation').getByRole('link', { name: 'Заказы' }).click();
  await page.waitForURL(/\/orders$/);
  const table = page.getByTestId('record-table');
  await table.getByRole('columnheader', { name: 'Сумма' }).waitFor();
  await table.getByRole('link', { name: 'WEB-7001' }).click();
  await page.waitForURL(new RegExp(`/orders/${order.id}$`));

  // Состав: a laptop from the catalogue (89 900 ₽ base price) and a delivery named by hand.
  await page.getByRole('tab', { name: 'Состав' }).click();
  await page.getByRole('button', { name: 'Добавить позицию' }).click();
  const picker = page.getByLabel('Товар позиции 1').first();
  await picker.click();
  await picker.fill('Ноутбук');
  await page.getByRole('option', { name: /Ноутбук 14/ }).click();
  await page.getByLabel('Количество в позиции 1').fill('2');
  await page.getByRole('button', { name: 'Добавить позицию' }).click();
  await page.getByLabel('Название позиции 2').fill('Доставка');
  await page.getByLabel('Цена позиции 2').fill('1500');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await orderNow()).total === '181300.00', 15_000);
  await until(async () => /181\s?300/.test(await page.getByTestId('order-lines-total').first().innerText()), 15_000);

  // A move the lifecycle refuses shows the server's reason; paying is allowed.
  await page.getByRole('tab', { name: 'Данные' }).click();
  const status = page.getByRole('combobox', { name: 'Статус', exact: true });
  await status.click();
  await page.getByRole('option', { name: 'Возвращён', exact: true }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Заказ нельзя перевести в этот статус из текущего').first().waitFor();
  await page.getByText(/can’t become returned/).first().waitFor();
  assert.equal((await orderNow()).status, 'created');
  await status.click();
  await page.getByRole('option', { name: 'Оплачен', exact: true }).click();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await orderNow()).status === 'paid', 15_000);

  // Возвраты: too many laptops is refused at the laptop's line; one comes back.
  await page.getByRole('tab', { name: 'Возвраты' }).click();
  await page.getByRole('button', { name: 'Оформить возврат' }).click();
  const laptopBack = page.getByLabel(/Возвращаемое количество позиции 1/);
  await laptopBack.fill('3');
  await page.getByRole('button', { name: 'Оформить', exact: true }).click();
  await page.getByTestId('order-return-form').getByText('Можно вернуть не больше 2').waitFor();
  assert.equal((await inject('GET', `/api/v1/orders/${order.id}/returns`)).data.length, 0, 'a refused return records nothing');
  await laptopBack.fill('1');
  await page.getByLabel(/Причина/).fill('Не понадобился');
  await page.getByRole('button', { name: 'Оформить', exact: true }).click();
  await page.getByTestId('order-return').first().waitFor();
  const returned = await orderNow();
  assert.equal(returned.returned_total, '89900.00');
  assert.equal(returned.status, 'paid', 'part returned: the order stays paid');

  // Покупки on the customer's page: one order, revenue net of the return, the order listed.
  await page.goto(`${suite.server.url}/people/${customerId}`);
  await page.getByRole('tab', { name: 'Покупки' }).click();
  const revenue = page.getByTestId('purchases-revenue');
  await revenue.waitFor();
  assert.match(await revenue.innerText(), /91\s?400/);
  assert.equal(await page.getByTestId('purchases-order-count').innerText(), '1');
  assert.match(await page.getByTestId('purchases-returned').innerText(), /89\s?900/);
  await page.getByTestId('person-orders').getByRole('link', { name: 'WEB-7001' }).click();
  await page.waitForURL(new RegExp(`/orders/${order.id}$`));
});
