import { sql } from 'kysely';
import { anonymiseRecords, peopleActiveIn, recordsAsItems, scrubColumns, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * Orders are accounting facts: their amounts, lines and returns stay after erasure (revenue,
 * AOV and cohorts keep adding up; 402-FZ keeps primary accounting records for five years), tied
 * to the anonymised person. What could identify the buyer goes: personal custom fields of their
 * orders and any mention of them in return reasons.
 */
export const commercePersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'sales_order', recordType: 'order', columns: ['person_id'], erasure: 'anonymised',
      what: { en: 'Orders of a person: what they bought, when, how they paid', ru: 'Заказы человека: что, когда и как оплачено' },
      purpose: { en: 'Selling, delivering and accounting; customer analytics', ru: 'Продажи, доставка и учёт; аналитика покупателей' },
      retention: { en: 'Five years for accounting (402-FZ art. 29); erasure keeps amounts, not the buyer', ru: 'Пять лет для учёта (402-ФЗ ст. 29); при удалении суммы остаются, покупатель — нет' },
    },
    {
      table: 'order_return', columns: ['reason'], erasure: 'scrubbed',
      what: { en: 'Returns and their reasons', ru: 'Возвраты и их причины' },
      purpose: { en: 'Accounting for returns', ru: 'Учёт возвратов' },
      retention: { en: 'As long as the order', ru: 'Пока хранится заказ' },
    },
    {
      table: 'customer_order_totals', columns: ['person_id'], erasure: 'kept_minimal',
      what: { en: 'Purchase totals per customer (revenue, orders, categories)', ru: 'Итоги покупок по клиенту (выручка, заказы, категории)' },
      purpose: { en: 'Customer analytics', ru: 'Аналитика покупателей' },
      retention: { en: 'As long as the orders; erasure keeps the numbers', ru: 'Пока хранятся заказы; при удалении цифры остаются' },
    },
  ],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    const orders = await recordsAsItems(ctx.db, 'sales_order', ws, sql`person_id = ${subject.id}`, sql`placed_at`);
    const ids = orders.map((o) => String(o.id));
    const lines = ids.length ? await recordsAsItems(ctx.db, 'order_line', ws, sql`order_id = any(${uuidArray(ids)})`, sql`order_id, position`) : [];
    return [
      { key: 'orders', title: { en: 'Orders', ru: 'Заказы' }, entityType: 'order', items: orders },
      { key: 'order_lines', title: { en: 'Order lines', ru: 'Позиции заказов' }, items: lines },
      { key: 'returns', title: { en: 'Returns', ru: 'Возвраты' }, items: await recordsAsItems(ctx.db, 'order_return', ws, sql`person_id = ${subject.id}`) },
      { key: 'totals', title: { en: 'Purchase totals', ru: 'Итоги покупок' }, items: await recordsAsItems(ctx.db, 'customer_order_totals', ws, sql`person_id = ${subject.id}`, sql`currency`) },
    ];
  },

  async erase(ctx, subject, erased) {
    const ws = ctx.principal.workspaceId;
    const people = erased.ids('person');
    const orders = people.length ? await anonymiseRecords(ctx, 'order', sql`person_id = any(${uuidArray(people)})`) : { count: 0 };
    const returns = await scrubColumns(ctx.db, { table: 'order_return', workspaceId: ws, columns: [{ name: 'reason', type: 'text' }], pattern: subject.contactPattern });
    const ownReturns = people.length
      ? await scrubColumns(ctx.db, { table: 'order_return', workspaceId: ws, columns: [{ name: 'reason', type: 'text' }], pattern: subject.ownPattern, where: sql`person_id = any(${uuidArray(people)})` })
      : 0;
    const custom = await scrubColumns(ctx.db, { table: 'sales_order', workspaceId: ws, columns: [{ name: 'custom', type: 'jsonb' }, { name: 'store', type: 'text' }], pattern: subject.contactPattern });
    return { order: orders.count + custom, order_return: returns + ownReturns };
  },

  activeSince: (db, workspaceId, personIds, since) => peopleActiveIn(db, { table: 'sales_order', workspaceId, personIds, since, timeColumn: 'placed_at' }),
};
