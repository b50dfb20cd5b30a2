import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { updateRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { orderRecordType, type OrderStatus } from './orders.records.ts';
import { createOrderReturn, getOrderLines, upsertOrder } from './orders.service.ts';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo shop's orders. `customer` and `product` index the people and the catalogue seeded
 * before (products.demo.ts: 4 is the laptop, 5 the monitor, 6 the IP phone, 7 the headset,
 * 2 the training day, 9 the meeting room); prices come from the catalogue.
 */
const ORDERS: {
  customer: number; daysAgo: number; status: OrderStatus; channel: string; payment: string;
  lines: { product: number; quantity: number; discount?: string }[];
  /** Lines brought back, by position and quantity. */
  returned?: { line: number; quantity: number; reason: string };
}[] = [
  { customer: 0, daysAgo: 120, status: 'fulfilled', channel: 'online', payment: 'card', lines: [{ product: 4, quantity: 1 }, { product: 7, quantity: 2 }] },
  { customer: 0, daysAgo: 45, status: 'fulfilled', channel: 'store', payment: 'sbp', lines: [{ product: 5, quantity: 2, discount: '3000' }] },
  { customer: 0, daysAgo: 3, status: 'paid', channel: 'online', payment: 'card', lines: [{ product: 6, quantity: 3 }] },
  { customer: 1, daysAgo: 90, status: 'fulfilled', channel: 'manager', payment: 'transfer', lines: [{ product: 4, quantity: 3 }, { product: 5, quantity: 3 }, { product: 2, quantity: 1 }] },
  { customer: 1, daysAgo: 20, status: 'fulfilled', channel: 'manager', payment: 'transfer', lines: [{ product: 7, quantity: 10, discount: '4200' }],
    returned: { line: 0, quantity: 2, reason: 'Брак: не работает микрофон' } },
  { customer: 1, daysAgo: 1, status: 'created', channel: 'phone', payment: 'transfer', lines: [{ product: 6, quantity: 5 }] },
  { customer: 2, daysAgo: 60, status: 'paid', channel: 'marketplace', payment: 'card', lines: [{ product: 5, quantity: 1 }],
    returned: { line: 0, quantity: 1, reason: 'Не подошёл по размеру' } },
  { customer: 2, daysAgo: 30, status: 'cancelled', channel: 'marketplace', payment: 'card', lines: [{ product: 4, quantity: 1 }] },
  { customer: 2, daysAgo: 7, status: 'fulfilled', channel: 'online', payment: 'credit', lines: [{ product: 4, quantity: 1, discount: '4900' }] },
  { customer: 3, daysAgo: 75, status: 'fulfilled', channel: 'store', payment: 'cash', lines: [{ product: 9, quantity: 4 }, { product: 7, quantity: 1 }] },
  { customer: 3, daysAgo: 14, status: 'paid', channel: 'online', payment: 'sbp', lines: [{ product: 6, quantity: 2 }, { product: 7, quantity: 2 }] },
  { customer: 3, daysAgo: 2, status: 'created', channel: 'online', payment: 'card', lines: [{ product: 5, quantity: 1 }] },
];

/**
 * Forty further customers' purchase histories over the last eight months: a first purchase, then
 * each time a 55% chance of another one two weeks to two and a half months later, so cohorts,
 * repeat rates and the customer KPIs have figures to show.
 */
function purchaseHistories(): typeof ORDERS {
  const random = seededRandom(3003);
  const orders: typeof ORDERS = [];
  for (let customer = 4; customer < 44; customer++) {
    let daysAgo = random.int(5, 240);
    for (;;) {
      orders.push({
        customer, daysAgo, status: 'fulfilled', channel: random.pick(['online', 'online', 'store', 'marketplace', 'phone']), payment: random.pick(['card', 'sbp', 'cash']),
        lines: [{ product: random.pick([2, 4, 5, 6, 7, 7, 9]), quantity: random.int(1, 3) }],
      });
      const gap = random.int(14, 75);
      if (daysAgo - gap < 1 || !random.chance(0.55)) break;
      daysAgo -= gap;
    }
  }
  return orders;
}

/** A dozen orders of four demo people (paid, fulfilled, cancelled, one partly and one wholly returned), then forty customers' histories. */
export async function seedOrders(ctx: DemoSeedContext): Promise<void> {
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const people = ctx.seeded.get('person') ?? [];
  const products = ctx.seeded.get('product') ?? [];
  if (people.length < 4 || products.length < 10) return;
  const noReferenceCheck = () => undefined;
  const now = Date.now();
  const ids: string[] = [];
  for (const [index, order] of [...ORDERS, ...purchaseHistories()].entries()) {
    if (order.customer >= people.length) continue;
    // Delivered orders were paid first; a cancelled one was cancelled before payment.
    const firstStatus = order.status === 'fulfilled' ? 'paid' : order.status;
    const created = await upsertOrder(service, noReferenceCheck, `DEMO-${1001 + index}`, {
      person_id: people[order.customer], currency: 'RUB', channel: order.channel, payment_method: order.payment, status: firstStatus,
      placed_at: new Date(now - order.daysAgo * DAY).toISOString(),
      lines: order.lines.map((line) => ({ product_id: products[line.product]!, quantity: String(line.quantity), discount: line.discount ?? '0' })),
    });
    if (order.status !== firstStatus) await updateRecord(service, orderRecordType, created.id, { status: order.status }, noReferenceCheck);
    if (order.returned) {
      const lines = (await getOrderLines(service, created.id)).data;
      await createOrderReturn(service, created.id, {
        reason: order.returned.reason, lines: [{ line_id: lines[order.returned.line]!.id, quantity: String(order.returned.quantity) }],
      });
    }
    ids.push(created.id);
  }
  ctx.seeded.set('order', ids);
}
