import { sql } from 'kysely';
import { peopleActiveIn, recordsAsItems, scrubColumns, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/** A subject-access export carries at most this many of a person's events, newest first; the count says how many there are. */
const EXPORTED_EVENTS = 10_000;

/**
 * Behavioural events describe what a person did on the site. Erasure keeps the events as
 * anonymous traffic (page views still count) but cuts them from the browser: visitor and
 * session ids go, the person's visitor rows are deleted, and identify events and URLs lose the
 * email and phone. Identify events of anonymous visitors carrying the person's email or phone
 * are scrubbed too, across the workspace's partitions.
 */
export const trackingPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'tracking_event', columns: ['visitor_id', 'session_id', 'url', 'properties'], erasure: 'scrubbed',
      what: { en: 'Site behaviour: pages and products viewed, carts, form submissions, identify events with email or phone', ru: 'Поведение на сайте: просмотры, корзины, отправки форм, события identify с email или телефоном' },
      purpose: { en: 'Personalisation, abandoned-cart and engagement triggers, analytics', ru: 'Персонализация, триггеры брошенной корзины и вовлечённости, аналитика' },
      retention: { en: 'Monthly partitions dropped past the tracking retention setting', ru: 'Помесячные партиции удаляются по сроку хранения событий' },
    },
    {
      table: 'tracking_visitor', columns: ['visitor_id'], erasure: 'deleted',
      what: { en: 'Which site cookie belongs to which person', ru: 'Какой cookie сайта принадлежит какому человеку' },
      purpose: { en: 'Recognising a returning customer on the site', ru: 'Узнавание клиента на сайте' },
      retention: { en: 'As long as the person', ru: 'Пока хранится контакт' },
    },
    {
      table: 'tracking_cart', columns: ['visitor_id', 'items'], erasure: 'scrubbed',
      what: { en: 'Carts: products and value', ru: 'Корзины: товары и сумма' },
      purpose: { en: 'Abandoned-cart reminders', ru: 'Напоминания о брошенной корзине' },
      retention: { en: 'As long as the person', ru: 'Пока хранится контакт' },
    },
  ],

  async identify(ctx, subject) {
    if (subject.type !== 'person') return {};
    const rows = await sql<{ email: string | null; phone: string | null }>`
      select distinct properties ->> 'email' as email, properties ->> 'phone' as phone from tracking_event
      where workspace_id = ${ctx.principal.workspaceId} and person_id = ${subject.id} and type = 'identify'`.execute(ctx.db);
    return { emails: rows.rows.flatMap((r) => (r.email ? [r.email] : [])), phones: rows.rows.flatMap((r) => (r.phone ? [r.phone] : [])) };
  },

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    const events = await sql<Record<string, unknown>>`
      select occurred_at, type, url, properties, source from tracking_event
      where workspace_id = ${ws} and person_id = ${subject.id} order by occurred_at desc limit ${EXPORTED_EVENTS}`.execute(ctx.db);
    return [
      { key: 'events', title: { en: 'Site events', ru: 'События на сайте' }, items: events.rows.map((e) => ({ ...e, occurred_at: new Date(e.occurred_at as Date).toISOString() })) },
      { key: 'carts', title: { en: 'Carts', ru: 'Корзины' }, items: await recordsAsItems(ctx.db, 'tracking_cart', ws, sql`person_id = ${subject.id}`) },
      { key: 'visitors', title: { en: 'Site visitor ids', ru: 'Идентификаторы посетителя сайта' }, items: await recordsAsItems(ctx.db, 'tracking_visitor', ws, sql`person_id = ${subject.id}`, sql`visitor_id`) },
      { key: 'engagement', title: { en: 'Engagement', ru: 'Вовлечённость' }, items: await recordsAsItems(ctx.db, 'customer_engagement', ws, sql`person_id = ${subject.id}`, sql`person_id`) },
    ];
  },

  async erase(ctx, subject, erased): Promise<Record<string, number>> {
    const ws = ctx.principal.workspaceId;
    const tx = ctx.db;
    const people = erased.ids('person');
    const counts: Record<string, number> = {};
    if (people.length > 0) {
      const theirs = sql`person_id = any(${uuidArray(people)})`;
      const unlinked = await sql`
        update tracking_event set visitor_id = null, session_id = null
        where workspace_id = ${ws} and ${theirs} and (visitor_id is not null or session_id is not null)`.execute(tx);
      counts.tracking_event = Number(unlinked.numAffectedRows ?? 0);
      const visitors = await sql`delete from tracking_visitor where workspace_id = ${ws} and ${theirs}`.execute(tx);
      counts.tracking_visitor = Number(visitors.numAffectedRows ?? 0);
      const carts = await sql`update tracking_cart set visitor_id = null where workspace_id = ${ws} and ${theirs} and visitor_id is not null`.execute(tx);
      counts.tracking_cart = Number(carts.numAffectedRows ?? 0);
      // Their identify and form events carry their names as well as their contacts.
      counts.tracking_event += await scrubColumns(tx, {
        table: 'tracking_event', workspaceId: ws, pattern: subject.ownPattern, where: theirs,
        columns: [{ name: 'url', type: 'text' }, { name: 'properties', type: 'jsonb' }],
      });
    }
    counts.tracking_event = (counts.tracking_event ?? 0) + await scrubColumns(tx, {
      table: 'tracking_event', workspaceId: ws, pattern: subject.contactPattern,
      columns: [{ name: 'url', type: 'text' }, { name: 'properties', type: 'jsonb' }],
    });
    counts.tracking_cart = (counts.tracking_cart ?? 0) + await scrubColumns(tx, {
      table: 'tracking_cart', workspaceId: ws, pattern: subject.contactPattern, columns: [{ name: 'items', type: 'jsonb' }, { name: 'cart_key', type: 'text' }],
    });
    return counts;
  },

  async activeSince(db, workspaceId, personIds, since) {
    const [events, engagement] = await Promise.all([
      peopleActiveIn(db, { table: 'tracking_event', workspaceId, personIds, since, timeColumn: 'occurred_at' }),
      peopleActiveIn(db, { table: 'customer_engagement', workspaceId, personIds, since, timeColumn: 'last_email_at' }),
    ]);
    return [...events, ...engagement];
  },
};
