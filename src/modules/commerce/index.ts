import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedOrders } from './commerce.demo.ts';
import { rebuildCustomerTotals, refreshCustomerTotals } from './customer-totals.service.ts';
import { orderRecordType } from './orders.records.ts';
import { registerOrderRoutes } from './orders.routes.ts';
import { sweepUnpaidOrders } from './unpaid-orders.service.ts';
import { commercePersonalData } from './commerce.personal-data.ts';

export { orderRecordType };
export { rebuildCustomerTotals, refreshCustomerTotals };
export { importOnlineRetail, type RetailImportOutcome } from './online-retail.import.ts';
export {
  applyOrderStatusUpdate, listOrdersChangedAfter, type ExchangeOrder, type ExchangeOrderLine, type OrderChangeCursor, type OrderStatusUpdateOutcome,
} from './orders-exchange.service.ts';
export type { OrderStatus } from './orders.records.ts';

/** Orders with their lines and returns, and each customer's purchase totals derived from them. */
export const commerceModule: RapportModule = {
  name: 'commerce',
  personalData: commercePersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [orderRecordType],
  routes: registerOrderRoutes,
  seedDemo: seedOrders,
  jobs: [{
    name: 'commerce.unpaid_orders', cron: '* * * * *', retryLimit: 0,
    handle: async (_data, { db, log }) => {
      const announced = await sweepUnpaidOrders(db);
      if (announced > 0) log.info({ announced }, 'unpaid orders announced');
    },
  }],
  eventHandlers: [{
    // Deletes and merges change whose orders are whose outside this module's own writes.
    handler: 'commerce.customer_totals',
    events: ['order.deleted', 'person.merged', 'person.unmerged'],
    handle: async (event, { db }) => {
      const payload = event.payload as { references?: Record<string, { id: string }>; merged_id?: string };
      const people = event.entityType === 'person' ? [event.entityId, payload.merged_id] : [payload.references?.person_id?.id];
      await refreshCustomerTotals(db, event.workspaceId, people);
    },
  }],
};
