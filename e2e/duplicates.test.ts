import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

test('two people with one email are merged on the duplicates page keeping a chosen value, and the merge is undone', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const email = `m.lebedeva.${randomUUID().slice(0, 8)}@example.ru`;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => suite.server.app.http.inject({ method, url, headers, payload });
  const create = async (person: object) => {
    const response = await api('POST', '/api/v1/people', person);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  // The older record is the one kept unless the reader picks the other.
  const olderId = await create({ first_name: 'Маргарита', last_name: 'Лебедева', email, job_title: 'Бухгалтер', phone: '+79161234567' });
  const newerId = await create({ first_name: 'Маргарита', last_name: 'Лебедева', email, job_title: 'Главный бухгалтер', city: 'Тверь' });

  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 1000 } })).newPage();
  await signInAsDemo(page, suite.server);
  await page.getByRole('navigation').getByRole('link', { name: 'Дубликаты' }).click();
  await page.getByRole('heading', { name: 'Дубликаты' }).waitFor();
  await page.getByRole('button', { name: 'Найти дубликаты' }).click();

  // Detection runs in the background; the page keeps asking while a scan may add pairs.
  await until(async () => {
    const response = await api('GET', '/api/v1/duplicates?object_type=person&limit=100');
    return response.json().data.some((pair: { records: { id: string }[] }) => pair.records.some((record) => record.id === newerId));
  }, 60_000);
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: email });
  await pair.waitFor();
  assert.match(await pair.innerText(), /тот же email/i);

  await pair.getByTestId('compare-job_title').getByRole('radio', { name: 'Главный бухгалтер' }).check();
  await pair.getByRole('button', { name: 'Объединить' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'объединена' });
  await notice.waitFor();
  await pair.waitFor({ state: 'detached' });

  assert.equal((await api('GET', `/api/v1/people/${newerId}`)).statusCode, 404);
  const survivor = (await api('GET', `/api/v1/people/${olderId}`)).json();
  assert.equal(survivor.job_title, 'Главный бухгалтер', 'the value picked in the comparison');
  assert.equal(survivor.city, 'Тверь', 'an empty field takes the merged record’s value');
  assert.equal(survivor.phone, '+79161234567');

  await notice.getByRole('button', { name: 'Отменить' }).click();
  await page.getByText('Объединение отменено').waitFor();
  assert.equal((await api('GET', `/api/v1/people/${newerId}`)).statusCode, 200);
  const restored = (await api('GET', `/api/v1/people/${olderId}`)).json();
  assert.equal(restored.job_title, 'Бухгалтер');
  assert.equal(restored.city, null);
  await page.getByTestId('recent-merges').getByText(/^Отменено/).first().waitFor();
});
