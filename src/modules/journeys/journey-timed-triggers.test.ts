import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';
import { runTimedTriggers } from './journey-engine.ts';

// The workspace is in Vladivostok (UTC+10): 09:00 there on 10 March is 23:00 UTC on 9 March, so a
// tick that read the UTC clock would run at the wrong hour and pick the wrong day's people.
const LOCAL_NINE = new Date('2026-03-09T23:00:00Z');
const UTC_NINE = new Date('2026-03-10T09:00:00Z');

describe('journeys: date and schedule triggers run on the workspace clock', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const admin = () => ws.adminKeyHeaders;
  let orderNumber = 0;

  const newPerson = async (name: string, fields: Record<string, unknown> = {}) =>
    (await callOk(app, admin(), 'POST', '/api/v1/people', { first_name: name, email: `${name.toLowerCase()}@tz.test`, ...fields })).id as string;
  const buy = (personId: string, placedAt: string) => callOk(app, admin(), 'PUT', `/api/v1/orders/by-external-id/tz-${++orderNumber}`, {
    person_id: personId, currency: 'RUB', status: 'paid', placed_at: placedAt, lines: [{ name: 'Фильтр для воды', quantity: 1, unit_price: '1000' }],
  });
  const liveJourney = async (name: string, trigger: object) => {
    const journey = await callOk(app, admin(), 'POST', '/api/v1/journeys', {
      name, definition: { graph: { nodes: [{ id: 'start', type: 'trigger', trigger }, { id: 'out', type: 'exit' }], edges: [{ from: 'start', to: 'out' }] }, reentry: { mode: 'always' } },
    });
    await callOk(app, admin(), 'POST', `/api/v1/journeys/${journey.id}/publish`);
    return journey.id as string;
  };
  const enrolled = async (journeyId: string) => (await sql<{ person_id: string; trigger_key: string }>`
    select person_id, trigger_key from journey_enrollment where journey_id = ${journeyId} order by person_id`.execute(app.conn.db)).rows;

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'journeys-tz');
    await sql`update workspace set time_zone = 'Asia/Vladivostok' where id = ${ws.workspace.id}`.execute(app.conn.db);
  });
  after(async () => {
    await app.close();
  });

  test('birthday, months after a purchase and a daily schedule enroll the right people at 09:00 workspace time, once per local day', async () => {
    const birthdayToday = await newPerson('Today', { birthday: '1990-03-10' });
    const birthdayUtcDay = await newPerson('Yesterday', { birthday: '1991-03-09' });
    // 240 days (8 months) before local 10 March is local 13 July 2025.
    const buyerLocal = await newPerson('LocalBuyer');
    await buy(buyerLocal, '2025-07-12T20:00:00Z'); // 13 July, 06:00 in Vladivostok; 12 July in UTC
    const buyerUtc = await newPerson('UtcBuyer');
    await buy(buyerUtc, '2025-07-13T16:00:00Z'); // 14 July, 02:00 in Vladivostok; 13 July in UTC
    const listed = await newPerson('Listed');
    const list = await callOk(app, admin(), 'POST', '/api/v1/segments', { name: 'Утренняя рассылка', kind: 'static' });
    await callOk(app, admin(), 'POST', `/api/v1/segments/${list.id}/members`, { person_ids: [listed] });

    const birthday = await liveJourney('День рождения', { kind: 'date', field: 'birthday', offset_days: 0, at: '09:00' });
    const service = await liveJourney('Через 8 месяцев', { kind: 'date', field: 'last_order', offset_days: 240, at: '09:00' });
    const schedule = await liveJourney('Каждое утро', { kind: 'schedule', at: '09:00', segment_id: list.id });

    await runTimedTriggers(app.conn.db, app.jobs, UTC_NINE);
    for (const journey of [birthday, service, schedule]) assert.deepEqual(await enrolled(journey), [], '09:00 UTC is 19:00 in Vladivostok: nothing is due');

    await runTimedTriggers(app.conn.db, app.jobs, LOCAL_NINE);
    const localDay = 'date:2026-03-10';
    assert.deepEqual(await enrolled(birthday), [{ person_id: birthdayToday, trigger_key: localDay }], `not ${birthdayUtcDay}, whose birthday is the UTC day`);
    assert.deepEqual(await enrolled(service), [{ person_id: buyerLocal, trigger_key: localDay }], `not ${buyerUtc}, who bought on 13 July only in UTC`);
    assert.deepEqual(await enrolled(schedule), [{ person_id: listed, trigger_key: 'schedule:2026-03-10' }]);

    // The same local minute again (a second worker, a retried tick) enrolls nobody twice.
    await runTimedTriggers(app.conn.db, app.jobs, new Date(LOCAL_NINE.getTime() + 30_000));
    for (const journey of [birthday, service, schedule]) assert.equal((await enrolled(journey)).length, 1);
  });
});
