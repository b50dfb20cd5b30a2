import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

describe('people profiles and companies', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: admin(), ...(payload ? { payload } : {}) });
  const filterOn = (filter: object) => `/api/v1/people?filter=${encodeURIComponent(JSON.stringify(filter))}`;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'people');
  });
  after(() => app.close());

  test('a profile keeps further emails and phones normalised, handles without decoration, and tags', async () => {
    const person = await callOk(app, admin(), 'POST', '/api/v1/people', {
      first_name: 'Анна', last_name: 'Смирнова', email: 'anna@work.ru',
      other_emails: ['Anna.Home@Mail.RU', 'anna.home@mail.ru'], other_phones: ['8 (916) 123-45-67'],
      telegram: 'https://t.me/anna_s', vk: '@anna.smirnova', whatsapp: '+7 916 123 45 67',
      gender: 'female', address: 'Москва, ул. Тверская, 1', time_zone: 'Asia/Yekaterinburg', language: 'RU', tags: ['vip', 'опт', 'vip'],
    });
    ids.anna = person.id;
    assert.deepEqual(person.other_emails, ['anna.home@mail.ru']);
    assert.deepEqual(person.other_phones, ['+79161234567']);
    assert.equal(person.telegram, 'anna_s');
    assert.equal(person.vk, 'anna.smirnova');
    assert.equal(person.whatsapp, '+79161234567');
    assert.equal(person.language, 'ru');
    assert.deepEqual(person.tags, ['vip', 'опт']);

    const badZone = await inject('POST', '/api/v1/people', { first_name: 'X', time_zone: 'Mars/Olympus' });
    assert.equal(badZone.statusCode, 400);
    assert.equal(badZone.json().field, 'time_zone');
    const badPhone = await inject('POST', '/api/v1/people', { first_name: 'X', other_phones: ['12'] });
    assert.equal(badPhone.statusCode, 400);
    assert.equal(badPhone.json().field, 'other_phones.0', 'the bad item is named');
    const unreadable = await inject('POST', '/api/v1/people', { first_name: 'X', other_phones: ['+7 916 123-45-67', 'позвонить'] });
    assert.equal(unreadable.json().field, 'other_phones.1');
    const badNull = await inject('PATCH', `/api/v1/people/${person.id}`, { tags: null });
    assert.equal(badNull.statusCode, 400, 'a list is cleared with [], never null');
  });

  test('search and filters reach further emails, phones and tags', async () => {
    const byEmail = await callOk(app, admin(), 'GET', '/api/v1/people?q=anna.home');
    assert.deepEqual(byEmail.data.map((p: { id: string }) => p.id), [ids.anna]);
    const byPhone = await callOk(app, admin(), 'GET', `/api/v1/people?q=${encodeURIComponent('916 123-45-67')}`);
    assert.deepEqual(byPhone.data.map((p: { id: string }) => p.id), [ids.anna]);
    const tagged = await callOk(app, admin(), 'GET', filterOn({ field: 'tags', op: 'contains', value: 'vip' }));
    assert.deepEqual(tagged.data.map((p: { id: string }) => p.id), [ids.anna]);
    const phoneFilter = await callOk(app, admin(), 'GET', filterOn({ field: 'other_phones', op: 'contains', value: '8 916 123-45-67' }));
    assert.deepEqual(phoneFilter.data.map((p: { id: string }) => p.id), [ids.anna]);
    await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Без тегов' });
    const untagged = await callOk(app, admin(), 'GET', filterOn({ field: 'tags', op: 'is_empty' }));
    assert.ok(untagged.data.length >= 1 && !untagged.data.some((p: { id: string }) => p.id === ids.anna));
    assert.equal((await inject('GET', '/api/v1/people?sort=tags')).statusCode, 400);
    const csv = (await inject('GET', '/api/v1/people/export')).body;
    assert.match(csv, /vip; опт/);
  });

  test('a person works with several companies in roles; companies list their people; merges move the links', async () => {
    const main = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО Главная' });
    const board = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'АО Совет' });
    const boardCopy = await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'АО Совет (дубль)' });
    await callOk(app, admin(), 'PATCH', `/api/v1/people/${ids.anna}`, { company_id: main.id });
    const missing = await inject('PUT', `/api/v1/people/${ids.anna}/companies`, { companies: [{ company_id: '01890000-0000-7000-8000-000000000000' }] });
    assert.equal(missing.json().field, 'companies.0.company_id');
    const companies = await callOk(app, admin(), 'PUT', `/api/v1/people/${ids.anna}/companies`, {
      companies: [{ company_id: boardCopy.id, role: 'Член совета директоров' }],
    });
    assert.deepEqual(companies.data.map((c: { name: string; role: string | null; is_primary: boolean }) => [c.name, c.role, c.is_primary]), [
      ['ООО Главная', null, true], ['АО Совет (дубль)', 'Член совета директоров', false],
    ]);
    await callOk(app, admin(), 'POST', '/api/v1/merges', { object_type: 'company', survivor_id: board.id, merged_id: boardCopy.id });
    const loner = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Без основной', last_name: 'Компании' });
    await callOk(app, admin(), 'PUT', `/api/v1/people/${loner.id}/companies`, { companies: [{ company_id: board.id, role: 'Юрист' }] });
    const people = await callOk(app, admin(), 'GET', `/api/v1/companies/${board.id}/people`);
    assert.deepEqual(people.data.map((p: { full_name: string; role: string; is_primary: boolean }) => [p.full_name, p.role, p.is_primary]), [
      ['Компании Без основной', 'Юрист', false], ['Смирнова Анна', 'Член совета директоров', false],
    ]);
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=company&subject_id=${main.id}`);
    assert.ok(timeline.data.length > 0);
    const operatorView = await callOk(app, ws.actors.operator.headers, 'GET', `/api/v1/companies/${board.id}/people`).catch((error: Error) => error);
    assert.ok(operatorView instanceof Error, 'an operator cannot read a company they do not own');
  });

  test('vCard 4: a person exports as a card, and a file of cards imports all or nothing, skipping known people', async () => {
    const card = await inject('GET', `/api/v1/people/${ids.anna}/vcard`);
    assert.equal(card.statusCode, 200);
    assert.match(card.headers['content-type'] as string, /text\/vcard/);
    const text = card.body.replace(/\r\n[ \t]/g, '');
    assert.match(text, /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    assert.match(text, /\r\nN:Смирнова;Анна;;;\r\n/);
    assert.match(text, /EMAIL;PREF=1:anna@work\.ru/);
    assert.match(text, /TEL;VALUE=uri;PREF=1:tel:\+79161234567/);
    assert.match(text, /CATEGORIES:vip,опт/);

    const file = [
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Пётр Сидоров', 'N:Сидоров;Пётр;Ильич;;', 'EMAIL:petr@sidorov.ru', 'TEL;VALUE=uri:tel:+7-903-111-22-33',
      'ORG:ООО Главная', 'TITLE:Снабженец', 'BDAY:19800315', 'CATEGORIES:опт,регион', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Анна Смирнова', 'EMAIL;TYPE=INTERNET:anna@work.ru', 'END:VCARD',
    ].join('\r\n') + '\r\n';
    const imported = await app.http.inject({ method: 'POST', url: '/api/v1/people/vcard', headers: { ...admin(), 'content-type': 'text/vcard' }, payload: file });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().created, 1);
    assert.deepEqual(imported.json().skipped.map((s: { card: number; person_id: string }) => [s.card, s.person_id]), [[1, ids.anna]]);
    const petr = await callOk(app, admin(), 'GET', `/api/v1/people/${imported.json().created_ids[0]}`);
    assert.deepEqual([petr.last_name, petr.first_name, petr.middle_name, petr.phone, petr.birthday, petr.job_title], ['Сидоров', 'Пётр', 'Ильич', '+79031112233', '1980-03-15', 'Снабженец']);
    assert.ok(petr.company_id, 'ORG links the company of that name');
    assert.deepEqual(petr.tags, ['опт', 'регион']);

    const broken = ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Хороший', 'EMAIL:good@x.ru', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:4.0', 'FN:Плохой', 'EMAIL:not-an-email', 'END:VCARD'].join('\r\n');
    const refused = await app.http.inject({ method: 'POST', url: '/api/v1/people/vcard', headers: { ...admin(), 'content-type': 'text/vcard' }, payload: broken });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().field, 'cards.1.email');
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/people?q=good@x.ru')).data.length, 0, 'nothing was imported');
    // A card that can't even be read is named too, though the parser reads the file as a whole.
    const unreadable = broken.replace('EMAIL:not-an-email', 'EMAIL not-an-email');
    const unread = await app.http.inject({ method: 'POST', url: '/api/v1/people/vcard', headers: { ...admin(), 'content-type': 'text/vcard' }, payload: unreadable });
    assert.equal(unread.statusCode, 400);
    assert.equal(unread.json().field, 'cards.1');
    assert.match(unread.json().detail, /^Card 2 is not a valid vCard: .*nothing was imported$/);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/people?q=good@x.ru')).data.length, 0, 'nothing was imported');

    const all = await inject('GET', `/api/v1/people/export.vcf?filter=${encodeURIComponent(JSON.stringify({ field: 'tags', op: 'contains', value: 'опт' }))}`);
    assert.equal(all.statusCode, 200);
    assert.equal(all.body.match(/BEGIN:VCARD/g)?.length, 2);
    const refusedExport = await app.http.inject({ method: 'GET', url: '/api/v1/people/export.vcf', headers: ws.actors.operator.headers });
    assert.equal(refusedExport.statusCode, 403, 'operators may not export');
  });
});
