import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';

type Candidate = { id: string; record_a: string; record_b: string; reasons: string[]; score: number; records: { id: string }[] };

describe('duplicates', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  const admin = () => ws.actors.admin.headers;
  const openPairs = async () => (await callOk(app, admin(), 'GET', '/api/v1/duplicates?object_type=person')).data as Candidate[];
  const pairOf = (pairs: Candidate[], x: string, y: string) => pairs.find((p) => [p.record_a, p.record_b].sort().join() === [x, y].sort().join());

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'dupes');
    const post = async (url: string, body: object) => (await callOk(app, admin(), 'POST', url, body)).id as string;
    ids.company = await post('/api/v1/companies', { name: 'ООО «Вектор»' });
    ids.anna = await post('/api/v1/people', { first_name: 'Анна', last_name: 'Смирнова', email: 'anna@vector.ru', city: 'Казань', job_title: 'Директор' });
    ids.annaCopy = await post('/api/v1/people', { first_name: 'Анна', last_name: 'Смирнова', email: 'ANNA@vector.ru', phone: '+7 912 000-11-22', city: 'Казань' });
    ids.sameCompany = await post('/api/v1/people', { first_name: 'Пётр', last_name: 'Кузнецов', company_id: ids.company });
    ids.typo = await post('/api/v1/people', { first_name: 'Петр', last_name: 'Кузнецов', company_id: ids.company });
    ids.namesake = await post('/api/v1/people', { first_name: 'Пётр', last_name: 'Кузнецов', city: 'Пермь' });
    ids.patronymic = await post('/api/v1/people', { first_name: 'Ольга', last_name: 'Зайцева', middle_name: 'Викторовна', email: 'olga@zaitseva.ru', city: 'Омск' });
    ids.patronymicTypo = await post('/api/v1/people', { first_name: 'Ольга', last_name: 'Зайцева', middle_name: 'Викторона', city: 'Омск' });
    ids.deal = await post('/api/v1/deals', { title: 'Поставка', person_id: ids.annaCopy });
    ids.activity = await post('/api/v1/activities', { kind: 'call', subject: 'Звонок Анне', person_id: ids.annaCopy });
    await settle(app);
  });
  after(() => app.close());

  test('writes are checked for duplicates: same email, or a similar name in the same company', async () => {
    const pairs = await openPairs();
    assert.deepEqual(pairOf(pairs, ids.anna!, ids.annaCopy!)?.reasons, ['email', 'similar_name']);
    assert.deepEqual(pairOf(pairs, ids.sameCompany!, ids.typo!)?.reasons, ['similar_name']);
    assert.equal(pairOf(pairs, ids.sameCompany!, ids.namesake!), undefined, 'the same name in another city is not flagged');
    assert.deepEqual(pairOf(pairs, ids.patronymic!, ids.patronymicTypo!)?.reasons, ['similar_name'], 'a misspelt patronymic in the same city is flagged');
    assert.ok(pairOf(pairs, ids.anna!, ids.annaCopy!)!.score > pairOf(pairs, ids.sameCompany!, ids.typo!)!.score);
    assert.equal(pairOf(pairs, ids.anna!, ids.annaCopy!)!.records.length, 2);
  });

  test('a dismissed pair leaves the queue; a full scan does not bring it back', async () => {
    const pair = pairOf(await openPairs(), ids.sameCompany!, ids.typo!)!;
    assert.equal((await app.http.inject({ method: 'POST', url: `/api/v1/duplicates/${pair.id}/dismiss`, headers: admin() })).statusCode, 204);
    await callOk(app, admin(), 'POST', '/api/v1/duplicates/scan', { object_type: 'person' });
    await settle(app);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(pairOf(await openPairs(), ids.sameCompany!, ids.typo!), undefined);
  });

  test('a merge keeps chosen values and everything linked to both; undo restores both records', async () => {
    const merged = await callOk(app, admin(), 'POST', '/api/v1/merges', {
      object_type: 'person', survivor_id: ids.anna, merged_id: ids.annaCopy, take: { first_name: 'survivor' },
    });
    assert.equal(merged.survivor.phone, '+79120001122', 'an empty field is filled from the merged record');
    assert.equal(merged.survivor.job_title, 'Директор');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/deals/${ids.deal}`)).person_id, ids.anna);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/activities/${ids.activity}`)).person_id, ids.anna);
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/people/${ids.annaCopy}`, headers: admin() })).statusCode, 404);
    assert.equal(pairOf(await openPairs(), ids.anna!, ids.annaCopy!), undefined);
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${ids.anna}`);
    assert.ok(timeline.data.some((e: { entity_id: string; event: string }) => e.event === 'activity.created' && e.entity_id === ids.activity));
    const history = await callOk(app, admin(), 'GET', `/api/v1/people/${ids.anna}/audit`);
    assert.equal(history.data[0].action, 'merge');

    const undone = await callOk(app, admin(), 'POST', `/api/v1/merges/${merged.merge_id}/undo`);
    assert.equal(undone.restored_id, ids.annaCopy);
    const restored = await callOk(app, admin(), 'GET', `/api/v1/people/${ids.annaCopy}`);
    assert.equal(restored.phone, '+79120001122');
    assert.equal(restored.email, 'anna@vector.ru');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/people/${ids.anna}`)).phone, null, 'the survivor loses what the merge gave it');
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/deals/${ids.deal}`)).person_id, ids.annaCopy);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/activities/${ids.activity}`)).person_id, ids.annaCopy);
    assert.ok(pairOf(await openPairs(), ids.anna!, ids.annaCopy!), 'the pair is back in the queue');
    const merges = await callOk(app, ws.actors.operator.headers, 'GET', '/api/v1/merges?object_type=person');
    assert.equal(merges.data.length, 0, 'merges of records outside the reader’s scope are not listed');
    const again = await app.http.inject({ method: 'POST', url: `/api/v1/merges/${merged.merge_id}/undo`, headers: admin() });
    assert.equal(again.json().code, 'MERGE_ALREADY_UNDONE');
  });

  test('merges need update on the survivor and delete on the other; bad requests change nothing', async () => {
    const byOperator = await app.http.inject({
      method: 'POST', url: '/api/v1/merges', headers: ws.actors.operator.headers,
      payload: { object_type: 'person', survivor_id: ids.anna, merged_id: ids.annaCopy },
    });
    assert.equal(byOperator.statusCode, 404, 'records outside the operator’s scope look missing');
    const self = await app.http.inject({ method: 'POST', url: '/api/v1/merges', headers: admin(), payload: { object_type: 'person', survivor_id: ids.anna, merged_id: ids.anna } });
    assert.equal(self.json().code, 'MERGE_SAME_RECORD');
    const badField = await app.http.inject({
      method: 'POST', url: '/api/v1/merges', headers: admin(), payload: { object_type: 'person', survivor_id: ids.anna, merged_id: ids.annaCopy, take: { shoe_size: 'merged' } },
    });
    assert.equal(badField.json().field, 'take.shoe_size');
    assert.equal((await app.http.inject({ method: 'GET', url: `/api/v1/people/${ids.annaCopy}`, headers: admin() })).statusCode, 200);
  });

  test('companies with the same INN are duplicates', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'Сбербанк', inn: '7707083893' });
    await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ПАО Сбербанк России', inn: '7707083893' });
    await settle(app);
    const pairs = (await callOk(app, admin(), 'GET', '/api/v1/duplicates?object_type=company')).data as Candidate[];
    assert.ok(pairs.some((p) => p.reasons.includes('inn')));
  });

  test('merging companies moves a custom object’s relation to the survivor, and undo moves it back', async () => {
    await callOk(app, admin(), 'POST', '/api/v1/custom-objects', { key: 'contract', label: { ru: 'Договор', en: 'Contract' }, label_plural: { ru: 'Договоры', en: 'Contracts' } });
    await callOk(app, admin(), 'POST', '/api/v1/custom-fields', { object_type: 'x_contract', key: 'client', label: 'Клиент', kind: 'relation', references: 'company' });
    const survivor = (await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'ООО «Ромашка»' })).id as string;
    const merged = (await callOk(app, admin(), 'POST', '/api/v1/companies', { name: 'Ромашка ООО' })).id as string;
    const contract = (await callOk(app, admin(), 'POST', '/api/v1/objects/contract', { name: 'Д-1', custom: { client: merged } })).id as string;
    const merge = await callOk(app, admin(), 'POST', '/api/v1/merges', { object_type: 'company', survivor_id: survivor, merged_id: merged });
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/objects/contract/${contract}`)).custom.client, survivor);
    await callOk(app, admin(), 'POST', `/api/v1/merges/${merge.merge_id}/undo`);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/objects/contract/${contract}`)).custom.client, merged);
  });
});
