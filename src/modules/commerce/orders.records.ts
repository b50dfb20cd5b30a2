import { sql } from 'kysely';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { defineErrors } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { field } from '../../platform/records/fields.ts';
import type { RecordRow, RecordTypeDef } from '../../platform/records/record-type.ts';
import { refreshCustomerTotals } from './customer-totals.service.ts';
import './commerce.tables.ts';

export const OrderErrors = defineErrors({
  ORDER_STATUS_NOT_ALLOWED: { status: 409, title: 'The order cannot move to that status from its current one' },
  ORDER_LOCKED: { status: 409, title: 'The order’s lines can no longer change' },
  ORDER_RETURN_EXCEEDS: { status: 400, title: 'More is returned than the order line holds' },
  ORDER_EXTERNAL_ID_TAKEN: { status: 409, title: 'Another order already has this external id' },
});

/**
 * An order that became paid is announced once as order.paid, naming its customer, so a payment can
 * end what waits for one (a journey's goal, e.g. the unpaid-order reminder).
 */
async function announcePaid(tx: Tx, ctx: ServiceContext, row: RecordRow): Promise<void> {
  await emitEvent(tx, ctx, {
    name: 'order.paid', entityType: 'order', entityId: row.id as string,
    payload: {
      owner_id: row.owner_id, title: row.number, total: row.total, currency: row.currency,
      references: row.person_id ? { person_id: { type: 'person', id: row.person_id } } : {},
    },
  });
}

export const ORDER_STATUSES = {
  created: { en: 'Created', ru: 'Создан' },
  paid: { en: 'Paid', ru: 'Оплачен' },
  fulfilled: { en: 'Fulfilled', ru: 'Выполнен' },
  cancelled: { en: 'Cancelled', ru: 'Отменён' },
  returned: { en: 'Returned', ru: 'Возвращён' },
} as const;
export type OrderStatus = keyof typeof ORDER_STATUSES;

/**
 * Where an order may go next. Paying and delivering may happen in either order (cash on
 * delivery): a fulfilled order that is not paid in full shows it in its debt. Returned is also
 * reached by returning every line (see createOrderReturn).
 */
const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  created: ['paid', 'fulfilled', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'returned'],
  fulfilled: ['returned'],
  cancelled: [],
  returned: [],
};

export const canMoveOrder = (from: OrderStatus, to: OrderStatus) => from === to || NEXT_STATUSES[from].includes(to);

/** Orders that count as purchases in a customer's totals (net of returns). */
export const PURCHASE_STATUSES: readonly OrderStatus[] = ['paid', 'fulfilled', 'returned'];

export const ORDER_CHANNELS = {
  online: { en: 'Online store', ru: 'Интернет-магазин' },
  store: { en: 'Store', ru: 'Магазин' },
  phone: { en: 'Phone', ru: 'Телефон' },
  marketplace: { en: 'Marketplace', ru: 'Маркетплейс' },
  manager: { en: 'Sales manager', ru: 'Менеджер' },
  other: { en: 'Other', ru: 'Другое' },
} as const;

export const PAYMENT_METHODS = {
  card: { en: 'Card', ru: 'Карта' },
  cash: { en: 'Cash', ru: 'Наличные' },
  sbp: { en: 'Faster Payments (SBP)', ru: 'СБП' },
  transfer: { en: 'Bank transfer', ru: 'Безналичный расчёт' },
  credit: { en: 'Credit / instalments', ru: 'Кредит / рассрочка' },
  other: { en: 'Other', ru: 'Другое' },
} as const;

/** The moment a status is first reached is kept; the order's own time for a status it was created in. */
function statusStamps(status: OrderStatus, before: RecordRow | null, placedAt: unknown): Record<string, unknown> {
  const at = before ? new Date() : (placedAt ?? new Date());
  const stamps: Record<string, unknown> = {};
  if (status === 'paid' && !before?.paid_at) stamps.paid_at = at;
  if (status === 'fulfilled' && !before?.fulfilled_at) stamps.fulfilled_at = at;
  if (status === 'cancelled' && !before?.cancelled_at) stamps.cancelled_at = at;
  return stamps;
}

async function prepareOrderWrite(tx: Tx, ctx: ServiceContext, values: Record<string, unknown>, before: RecordRow | null) {
  const next = { ...values };
  if (!before && next.number == null) {
    // A readable number for orders entered by hand: the external id, or the date and a short tail of a fresh id.
    const tail = (await sql<{ n: string }>`select upper(substr(md5(random()::text), 1, 6)) as n`.execute(tx)).rows[0]!.n;
    next.number = (next.external_id as string | undefined) ?? `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${tail}`;
  }
  const from = (before?.status as OrderStatus | undefined) ?? 'created';
  const to = (next.status as OrderStatus | undefined) ?? from;
  if (before && !canMoveOrder(from, to)) {
    throw OrderErrors.ORDER_STATUS_NOT_ALLOWED({ field: 'status', detail: `An order that is ${from} can’t become ${to}` });
  }
  if (to !== from || !before) Object.assign(next, statusStamps(to, before, next.placed_at));
  // Marking an order paid without saying how much means it is paid in full.
  if (to === 'paid' && from !== 'paid' && next.paid_amount === undefined && Number(before?.paid_amount ?? 0) === 0) {
    next.paid_amount = before?.total ?? '0';
  }
  if (before && 'external_id' in next && next.external_id !== before.external_id && next.external_id != null) {
    const taken = await tx.selectFrom('sales_order').select('id').where('workspace_id', '=', ctx.principal.workspaceId)
      .where('external_id', '=', next.external_id as string).executeTakeFirst();
    if (taken) throw OrderErrors.ORDER_EXTERNAL_ID_TAKEN({ field: 'external_id' });
  }
  return next;
}

export const orderRecordType: RecordTypeDef = {
  type: 'order',
  plural: 'orders',
  table: 'sales_order',
  label: { en: 'Order', ru: 'Заказ' },
  labelPlural: { en: 'Orders', ru: 'Заказы' },
  titleField: 'number',
  subtitleField: 'status',
  substringSearch: { column: 'search_text', fields: ['number', 'external_id'] },
  computedFields: [
    { name: 'total', from: [], kind: 'money', label: { en: 'Total', ru: 'Сумма' }, isListColumn: true },
    { name: 'discount_total', from: [], kind: 'money', label: { en: 'Discounts', ru: 'Скидки' } },
    { name: 'returned_total', from: [], kind: 'money', label: { en: 'Returned', ru: 'Возвращено' } },
    { name: 'debt', from: ['paid_amount'], kind: 'money', label: { en: 'Outstanding', ru: 'Долг' }, isGenerated: true },
    { name: 'paid_at', from: ['status'], kind: 'datetime', label: { en: 'Paid', ru: 'Оплачен' } },
    { name: 'fulfilled_at', from: ['status'], kind: 'datetime', label: { en: 'Fulfilled', ru: 'Выполнен' } },
    { name: 'cancelled_at', from: ['status'], kind: 'datetime', label: { en: 'Cancelled', ru: 'Отменён' } },
  ],
  fields: [
    field.text('number', { en: 'Number', ru: 'Номер' }, { isSearchable: true, isListColumn: true }),
    field.text('external_id', { en: 'External id', ru: 'Внешний код' }, { isSearchable: true }),
    field.reference('person_id', { en: 'Customer', ru: 'Покупатель' }, 'person', { isListColumn: true }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.select('status', { en: 'Status', ru: 'Статус' }, ORDER_STATUSES, { isListColumn: true, hasDefault: true }),
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { hasDefault: true }),
    field.select('channel', { en: 'Channel', ru: 'Канал' }, ORDER_CHANNELS, { isListColumn: true }),
    field.text('store', { en: 'Store', ru: 'Магазин' }),
    field.select('payment_method', { en: 'Payment method', ru: 'Способ оплаты' }, PAYMENT_METHODS),
    field.datetime('placed_at', { en: 'Placed', ru: 'Оформлен' }, { isListColumn: true, hasDefault: true }),
    { ...field.money('paid_amount', { en: 'Paid', ru: 'Оплачено' }, { hasDefault: true }), schema: z.union([z.number().finite().nonnegative(), z.string().regex(/^\d{1,15}(\.\d{1,2})?$/)]).transform(String) },
  ],
  linkedReferences: [
    { table: 'order_line', column: 'product_id', references: 'product' },
    { table: 'order_return', column: 'person_id', references: 'person' },
  ],
  prepareWrite: prepareOrderWrite,
  async onCreated(tx, ctx, row) {
    await refreshCustomerTotals(tx, ctx.principal.workspaceId, [row.person_id as string | null]);
    if (row.status === 'paid') await announcePaid(tx, ctx, row);
  },
  async onUpdated(tx, ctx, before, after) {
    await refreshCustomerTotals(tx, ctx.principal.workspaceId, [before.person_id as string | null, after.person_id as string | null]);
    if (before.status !== 'paid' && after.status === 'paid') await announcePaid(tx, ctx, after);
  },
};
