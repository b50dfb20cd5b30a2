import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { browserSuite, signInAsDemo } from './browser-suite.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { until } from '../src/testing/wait.ts';

const suite = browserSuite();

interface ConsentEntry { channel: string; purpose: string; status: string; source: string; proof: { text_version: string | null } }

test('a web form set up in settings takes a submission on its hosted page: the person, the lead and the consent arrive', async () => {
  const headers = await loginAs(suite.server.app, suite.server.demoLogin.email, suite.server.demoLogin.password);
  const get = async (url: string) => {
    const response = await suite.server.app.http.inject({ method: 'GET', url, headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const suffix = randomUUID().slice(0, 6);
  const name = `Обратный звонок ${suffix}`;
  const version = `pd-e2e-${suffix}`;
  const email = `anna.${suffix}@example.ru`;

  const context = await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await signInAsDemo(page, suite.server);
  await page.goto(`${suite.server.url}/settings/web-forms`);
  await page.getByText('Веб-форм пока нет').waitFor();

  // A new form starts with name, phone and email fields and a required consent; it needs a name and the consent's version.
  await page.getByRole('button', { name: 'Добавить форму' }).first().click();
  await page.waitForURL('**/settings/web-forms/new');
  const fields = page.getByTestId('web-form-field');
  await until(async () => (await fields.count()) === 3);
  // A field added and removed again leaves the three.
  await page.getByRole('button', { name: 'Добавить поле' }).click();
  await until(async () => (await fields.count()) === 4);
  await fields.nth(3).getByRole('button', { name: 'Удалить поле' }).click();
  await until(async () => (await fields.count()) === 3);
  await page.getByRole('button', { name: 'Добавить форму' }).click();
  await page.getByText('Обязательное поле').first().waitFor();
  await page.getByRole('textbox', { name: 'Название', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Версия текста', exact: true }).fill(version);
  await page.getByRole('button', { name: 'Добавить форму' }).click();
  await page.waitForURL(/\/settings\/web-forms\/[0-9a-f-]{36}$/);

  const formId = page.url().split('/').pop()!;
  const hostedUrl = (await page.getByTestId('web-form-hosted-url').innerText()).trim();
  assert.equal(hostedUrl, `${suite.server.url}/f/${formId}`);
  assert.match(await page.getByTestId('web-form-embed').innerText(), new RegExp(`/f/${formId}/embed\\.js`));
  // The preview shows the live page.
  await page.frameLocator(`iframe[title="Предпросмотр"]`).getByText('Оставьте заявку').waitFor();
  const saved = await get(`/api/v1/forms/${formId}`);
  assert.deepEqual(saved.fields.map((f: { target: string; is_required: boolean }) => [f.target, f.is_required]), [['first_name', true], ['phone', true], ['email', false]]);
  assert.equal(saved.consent.version, version);
  assert.equal(saved.consent.is_required, true);

  // A visitor opens the page, mistypes the phone and is told so next to it, in Russian.
  const visitor = await context.newPage();
  await visitor.goto(hostedUrl);
  await visitor.getByLabel('Имя').fill('Анна');
  await visitor.getByLabel('Телефон').fill('12');
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Я согласен на обработку моих персональных данных').check();
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  await visitor.locator('#f-phone + .error', { hasText: 'Похоже, в номере ошибка' }).waitFor();
  assert.equal(await visitor.getByLabel('Email').inputValue(), email, 'what the visitor typed stays');

  await visitor.getByLabel('Телефон').fill('8 (912) 555-01-23');
  if (!(await visitor.getByLabel('Я согласен на обработку моих персональных данных').isChecked())) {
    await visitor.getByLabel('Я согласен на обработку моих персональных данных').check();
  }
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  await visitor.getByRole('status').filter({ hasText: 'Спасибо! Мы скоро с вами свяжемся.' }).waitFor();

  const byEmail = `filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: email }))}`;
  const people = (await get(`/api/v1/people?${byEmail}`)).data;
  assert.equal(people.length, 1);
  assert.equal(people[0].phone, '+79125550123');
  const leads = (await get(`/api/v1/leads?${byEmail}`)).data;
  assert.equal(leads.length, 1);
  assert.equal(leads[0].source, `form: ${name}`);
  const consents: ConsentEntry[] = (await get(`/api/v1/people/${people[0].id}/consents`)).data;
  assert.ok(consents.length > 0);
  assert.ok(consents.every((c) => c.source === 'form' && c.status === 'granted' && c.proof.text_version === version));
  assert.deepEqual(consents.map((c) => `${c.channel}/${c.purpose}`).sort(), ['email/marketing', 'email/personal_data_processing']);

  // A name another form has is refused next to the name; the page stays as it was.
  const other = `Подписка ${suffix}`;
  const created = await suite.server.app.http.inject({ method: 'POST', url: '/api/v1/forms', headers, payload: { ...saved, id: undefined, hosted_url: undefined, embed_snippet: undefined, created_at: undefined, updated_at: undefined, name: other } });
  assert.equal(created.statusCode, 201, created.body);
  await page.getByRole('textbox', { name: 'Название', exact: true }).fill(other);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Форма с таким названием уже есть').first().waitFor();
  assert.equal((await get(`/api/v1/forms/${formId}`)).name, name);
  // Closed, with a changed title: saved in place.
  await page.getByRole('textbox', { name: 'Название', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Заголовок (русский)', exact: true }).fill('Перезвоните мне');
  await page.getByRole('switch', { name: 'Принимает заявки' }).uncheck();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await until(async () => (await get(`/api/v1/forms/${formId}`)).is_active === false);
  const changed = await get(`/api/v1/forms/${formId}`);
  assert.equal(changed.title.ru, 'Перезвоните мне');
  assert.equal(changed.title.en, 'Leave a request');

  // The list counts the one accepted submission; the other form goes after a confirmation.
  await page.getByRole('link', { name: 'Веб-формы' }).first().click();
  const row = page.getByTestId('web-form-row').filter({ hasText: name });
  await row.waitFor();
  assert.equal((await row.getByTestId('web-form-submissions').innerText()).trim(), '1');
  assert.match(await row.innerText(), /Лид/);
  assert.match(await row.innerText(), /Закрыта/i);
  await page.getByTestId('web-form-row').filter({ hasText: other }).getByRole('button', { name: 'Удалить' }).click();
  await page.getByRole('dialog', { name: 'Удалить форму?' }).getByRole('button', { name: 'Удалить' }).click();
  await page.getByTestId('web-form-row').filter({ hasText: other }).waitFor({ state: 'detached' });
  assert.deepEqual((await get('/api/v1/forms')).data.map((f: { name: string }) => f.name), [name]);
});
