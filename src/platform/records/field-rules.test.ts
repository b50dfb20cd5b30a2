import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createTestWorkspace, loginAs, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

// The seed's example (S3:1421): a bank operator answering a rate question must not see the balance.
// Here: a role that cannot see deal amounts or people's phones, and may not change emails.
describe('field rules', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let clerk: Record<string, string>;
  let personId: string;
  let dealId: string;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'fields');
    const admin = ws.actors.admin.headers;
    await app.http.inject({
      method: 'POST', url: '/api/v1/roles', headers: admin,
      payload: {
        key: 'bank-operator', name: 'Bank operator',
        permissions: { '*': { actions: ['read', 'create', 'update', 'export'], scope: 'all' } },
        field_rules: { deal: { amount: 'hidden' }, person: { phone: 'hidden', email: 'readonly' } },
      },
    });
    await app.http.inject({ method: 'POST', url: '/api/v1/members', headers: admin, payload: { email: 'clerk@fields.test', name: 'Clerk', password: TEST_PASSWORD, role: 'bank-operator' } });
    clerk = await loginAs(app, 'clerk@fields.test');
    personId = (await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: admin, payload: { first_name: 'Vera', email: 'vera@fields.test', phone: '+7 999 123-45-67' } })).json().id;
    dealId = (await app.http.inject({ method: 'POST', url: '/api/v1/deals', headers: admin, payload: { title: 'Deposit', amount: '9876543.21', currency: 'RUB' } })).json().id;
  });
  after(() => app.close());

  test('hidden fields are absent from single and list responses', async () => {
    const deal = (await app.http.inject({ method: 'GET', url: `/api/v1/deals/${dealId}`, headers: clerk })).json();
    assert.equal(deal.title, 'Deposit');
    assert.ok(!('amount' in deal));
    const list = await app.http.inject({ method: 'GET', url: '/api/v1/deals', headers: clerk });
    assert.ok(!list.body.includes('9876543'));
    const person = (await app.http.inject({ method: 'GET', url: `/api/v1/people/${personId}`, headers: clerk })).json();
    assert.equal(person.email, 'vera@fields.test');
    assert.ok(!('phone' in person));
  });

  test('hidden fields are absent from exports', async () => {
    const csv = await app.http.inject({ method: 'GET', url: '/api/v1/deals/export', headers: clerk });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const [header, row] = csv.body.trim().split('\n');
    assert.ok(header!.split(',').includes('title'));
    assert.ok(!header!.split(',').includes('amount'));
    assert.ok(!row!.includes('9876543'));
    const full = await app.http.inject({ method: 'GET', url: '/api/v1/deals/export', headers: ws.actors.admin.headers });
    assert.ok(full.body.includes('9876543.21'));
  });

  test('search neither matches on nor returns hidden fields', async () => {
    const byPhone = await app.http.inject({ method: 'GET', url: '/api/v1/search?q=123-45-67', headers: clerk });
    assert.deepEqual(byPhone.json().data, []);
    const adminByPhone = await app.http.inject({ method: 'GET', url: '/api/v1/search?q=123-45-67', headers: ws.actors.admin.headers });
    assert.equal(adminByPhone.json().data[0].id, personId);
    const listByPhone = await app.http.inject({ method: 'GET', url: '/api/v1/people?q=123-45-67', headers: clerk });
    assert.deepEqual(listByPhone.json().data, []);
  });

  test('writing a read-only or hidden field is refused and names the field', async () => {
    const email = await app.http.inject({ method: 'PATCH', url: `/api/v1/people/${personId}`, headers: clerk, payload: { email: 'x@y.test' } });
    assert.equal(email.statusCode, 403);
    assert.equal(email.json().code, 'FIELD_READ_ONLY');
    assert.equal(email.json().field, 'email');
    const amount = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${dealId}`, headers: clerk, payload: { amount: 1 } });
    assert.equal(amount.statusCode, 403);
    assert.equal(amount.json().field, 'amount');
    const person = (await app.http.inject({ method: 'GET', url: `/api/v1/people/${personId}`, headers: ws.actors.admin.headers })).json();
    assert.equal(person.email, 'vera@fields.test');
    const fine = await app.http.inject({ method: 'PATCH', url: `/api/v1/people/${personId}`, headers: clerk, payload: { city: 'Казань' } });
    assert.equal(fine.statusCode, 200);
  });

  test('the history of a record leaves out the values of hidden fields', async () => {
    const history = await app.http.inject({ method: 'GET', url: `/api/v1/deals/${dealId}/audit`, headers: clerk });
    assert.equal(history.statusCode, 200);
    assert.ok(!history.body.includes('9876543'));
  });
});
