import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, settle, type TestApp } from '../../testing/test-app.ts';
import { sweepLeadSla } from './leads.service.ts';

describe('leads', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let salesTeam: string;
  let supportTeam: string;

  const admin = () => ws.actors.admin.headers;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const roundTheClock = { is_accepting: true, work_days: [1, 2, 3, 4, 5, 6, 7], work_start: '00:00', work_end: '00:00', time_zone: 'Europe/Moscow' };

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'leads');
    const { manager, operator, readOnly } = ws.actors;
    salesTeam = (await callOk(app, admin(), 'POST', '/api/v1/teams', { name: 'Продажи', member_ids: [manager.userId, operator.userId] })).id;
    supportTeam = (await callOk(app, admin(), 'POST', '/api/v1/teams', { name: 'Поддержка', member_ids: [readOnly.userId] })).id;
    await callOk(app, admin(), 'PUT', '/api/v1/lead-routing/settings', { default_team_id: salesTeam, first_response_minutes: 60, reassign_after_minutes: 30 });
    for (const actor of [manager, operator]) await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${actor.userId}`, roundTheClock);
  });
  after(() => app.close());

  test('new leads go round-robin to the team’s agents on shift and start the response clock', async () => {
    const owners = [];
    for (const name of ['Первый', 'Второй', 'Третий', 'Четвёртый']) {
      const lead = await callOk(app, ws.adminKeyHeaders, 'POST', '/api/v1/leads', { first_name: name, channel: 'website', phone: '8 912 555-00-11' });
      owners.push(lead.owner_id);
      assert.equal(lead.status, 'new');
      assert.equal(lead.phone, '+79125550011');
      const due = new Date(lead.first_response_due_at).getTime() - new Date(lead.created_at).getTime();
      assert.ok(Math.abs(due - 60 * 60_000) < 5_000, 'due an hour after arrival');
    }
    const { manager, operator } = ws.actors;
    assert.deepEqual(new Set(owners), new Set([manager.userId, operator.userId]));
    assert.notEqual(owners[0], owners[1], 'consecutive leads go to different agents');
    assert.equal(owners[0], owners[2]);
  });

  test('only agents on shift and accepting get leads; with nobody on shift the lead waits unassigned', async () => {
    const { manager, operator } = ws.actors;
    // The manager's shift is over (an hour that has already ended today or starts later); the operator pauses.
    const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'Europe/Moscow' }).format(new Date())) % 24;
    const offShift = { work_start: `${String((hour + 2) % 24).padStart(2, '0')}:00`, work_end: `${String((hour + 3) % 24).padStart(2, '0')}:00` };
    await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${manager.userId}`, offShift);
    const routing = await callOk(app, admin(), 'GET', '/api/v1/lead-routing');
    assert.equal(routing.agents.find((a: { user_id: string }) => a.user_id === manager.userId).is_on_shift, false);
    const onlyOperator = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Вечерний' });
    assert.equal(onlyOperator.owner_id, operator.userId);

    await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${operator.userId}`, { is_accepting: false });
    const waiting = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Ночной' });
    assert.equal(waiting.owner_id, null);
    assert.equal(waiting.assigned_at, null);

    // When someone comes on shift, the sweep hands the waiting lead over.
    await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${operator.userId}`, { is_accepting: true });
    await sweepLeadSla(app.conn.db);
    assert.equal((await callOk(app, admin(), 'GET', `/api/v1/leads/${waiting.id}`)).owner_id, operator.userId);
    await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${manager.userId}`, roundTheClock);
  });

  test('routing rules send matching leads to their team', async () => {
    await callOk(app, admin(), 'PUT', `/api/v1/lead-routing/agents/${ws.actors.readOnly.userId}`, roundTheClock);
    await callOk(app, admin(), 'PUT', '/api/v1/lead-routing/rules', {
      rules: [{ name: 'Поддержка из Казани', region: 'казань', team_id: supportTeam }],
    });
    const kazan = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Казанский', region: 'Казань ' });
    assert.equal(kazan.owner_id, ws.actors.readOnly.userId);
    const moscow = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Московский', region: 'Москва' });
    assert.notEqual(moscow.owner_id, ws.actors.readOnly.userId);
    const bad = await inject('PUT', '/api/v1/lead-routing/rules', { rules: [{ name: 'X', team_id: '01890000-0000-7000-8000-000000000000' }] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'rules.0.team_id');
    const byOperator = await inject('PUT', '/api/v1/lead-routing/rules', { rules: [] }, ws.actors.operator.headers);
    assert.equal(byOperator.statusCode, 403);
    await callOk(app, admin(), 'PUT', '/api/v1/lead-routing/rules', { rules: [] });
    const routing = await callOk(app, ws.actors.manager.headers, 'PUT', `/api/v1/lead-routing/agents/${ws.actors.readOnly.userId}`, {});
    assert.ok(routing.teams.some((t: { name: string }) => t.name === 'Поддержка'), 'managers see team names to route to');
    await callOk(app, admin(), 'DELETE', `/api/v1/lead-routing/agents/${ws.actors.readOnly.userId}`);
  });

  test('an overdue first response is flagged, and an untouched lead moves to the next agent', async () => {
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Забытый' });
    const firstOwner = lead.owner_id;
    await sql`update lead set first_response_due_at = now() - interval '1 minute', assigned_at = now() - interval '31 minutes' where id = ${lead.id}`.execute(app.conn.db);
    const result = await sweepLeadSla(app.conn.db);
    assert.ok(result.breached >= 1 && result.reassigned >= 1);
    const after = await callOk(app, admin(), 'GET', `/api/v1/leads/${lead.id}`);
    assert.equal(after.is_sla_breached, true);
    assert.notEqual(after.owner_id, firstOwner);
    assert.equal(after.reassign_count, 1);
    const overdue = await callOk(app, admin(), 'GET', `/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'is_sla_breached', op: 'eq', value: true }))}`);
    assert.ok(overdue.data.some((l: { id: string }) => l.id === lead.id));
    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=lead&subject_id=${lead.id}`);
    const events = timeline.data.map((e: { event: string }) => e.event);
    assert.ok(events.includes('lead.sla_breached') && events.includes('lead.reassigned'), events.join());
  });

  test('a call logged on the lead stops the clock; it shows in My day until then', async () => {
    const operator = ws.actors.operator.headers;
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Звонок', owner_id: ws.actors.operator.userId });
    const myDay = await callOk(app, operator, 'GET', '/api/v1/my-day');
    assert.ok(myDay.leads.some((l: { id: string }) => l.id === lead.id));
    await callOk(app, operator, 'POST', '/api/v1/activities', { kind: 'call', subject: 'Первый звонок', lead_id: lead.id, direction: 'outbound' });
    await settle(app);
    const contacted = await callOk(app, admin(), 'GET', `/api/v1/leads/${lead.id}`);
    assert.equal(contacted.status, 'contacted');
    assert.ok(contacted.first_contacted_at);
    assert.ok(!(await callOk(app, operator, 'GET', '/api/v1/my-day')).leads.some((l: { id: string }) => l.id === lead.id));
  });

  test('conversion creates the person, company and deal in one step and keeps the lead’s history', async () => {
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', {
      first_name: 'Мария', last_name: 'Зайцева', company_name: 'ООО «Вектор»', email: 'Maria@Vector.ru', product_interest: 'Внедрение', source: 'Выставка',
    });
    await callOk(app, admin(), 'POST', '/api/v1/activities', { kind: 'note', subject: 'Просила КП', lead_id: lead.id });
    const statusOnly = await inject('PATCH', `/api/v1/leads/${lead.id}`, { status: 'converted' });
    assert.equal(statusOnly.statusCode, 400, 'only conversion makes a lead converted');

    const result = await callOk(app, admin(), 'POST', `/api/v1/leads/${lead.id}/convert`, { deal: { amount: 250000 } });
    const person = await callOk(app, admin(), 'GET', `/api/v1/people/${result.person_id}`);
    assert.equal(person.email, 'maria@vector.ru');
    assert.equal(person.company_id, result.company_id);
    assert.equal(person.source, 'Выставка');
    const deal = await callOk(app, admin(), 'GET', `/api/v1/deals/${result.deal_id}`);
    assert.equal(deal.title, 'ООО «Вектор»: Внедрение');
    assert.equal(Number(deal.amount), 250000);
    assert.equal(deal.person_id, result.person_id);
    const converted = await callOk(app, admin(), 'GET', `/api/v1/leads/${lead.id}`);
    assert.equal(converted.status, 'converted');
    assert.equal(converted.deal_id, result.deal_id);

    const again = await inject('POST', `/api/v1/leads/${lead.id}/convert`, {});
    assert.equal(again.json().code, 'LEAD_ALREADY_CONVERTED');

    await settle(app);
    const timeline = await callOk(app, admin(), 'GET', `/api/v1/timeline?subject_type=person&subject_id=${result.person_id}`);
    const events = timeline.data.map((e: { event: string }) => e.event);
    for (const name of ['lead.created', 'activity.created', 'lead.converted']) assert.ok(events.includes(name), `${name} in ${events.join()}`);
  });

  test('conversion can link existing records and skip the deal; a failure changes nothing', async () => {
    const existing = await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: 'Уже', last_name: 'Есть' });
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Повторный', company_name: 'ООО «Новая»' });
    const companiesBefore = (await callOk(app, admin(), 'GET', '/api/v1/companies?limit=200')).data.length;
    const broken = await inject('POST', `/api/v1/leads/${lead.id}/convert`, { person_id: existing.id, deal: { currency: 'rubles' } });
    assert.equal(broken.statusCode, 400);
    assert.equal((await callOk(app, admin(), 'GET', '/api/v1/companies?limit=200')).data.length, companiesBefore, 'nothing was created');
    const result = await callOk(app, admin(), 'POST', `/api/v1/leads/${lead.id}/convert`, { person_id: existing.id, create_company: false, deal: null });
    assert.deepEqual(result, { lead_id: lead.id, person_id: existing.id, company_id: null, deal_id: null });
  });

  test('disqualifying needs a reason; operators see only their own leads', async () => {
    const lead = await callOk(app, admin(), 'POST', '/api/v1/leads', { first_name: 'Спам', owner_id: ws.actors.manager.userId });
    assert.equal((await inject('PATCH', `/api/v1/leads/${lead.id}`, { channel: null })).json().field, 'channel', 'a field with a default cannot be emptied');
    const noReason = await inject('PATCH', `/api/v1/leads/${lead.id}`, { status: 'disqualified' });
    assert.equal(noReason.json().field, 'disqualify_reason');
    await callOk(app, admin(), 'PATCH', `/api/v1/leads/${lead.id}`, { status: 'disqualified', disqualify_reason: 'Спам' });
    assert.equal((await inject('POST', `/api/v1/leads/${lead.id}/convert`, {})).json().code, 'LEAD_DISQUALIFIED');
    const seen = await callOk(app, ws.actors.operator.headers, 'GET', '/api/v1/leads?limit=200');
    assert.ok(seen.data.every((l: { owner_id: string }) => l.owner_id === ws.actors.operator.userId));
  });
});
