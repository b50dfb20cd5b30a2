import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { convertCarts, maintainEventPartitions, markSleepingCustomers, purgeEventKeys, sweepAbandonedCarts } from './derived-state.service.ts';
import { registerTrackingRoutes } from './tracking.routes.ts';
import { trackingPersonalData } from './tracking.personal-data.ts';

export { ensureEventPartitions, ingestEvents } from './tracking.service.ts';
export { identifyVisitor } from './identity.service.ts';
export { sweepAbandonedCarts, markSleepingCustomers, maintainEventPartitions } from './derived-state.service.ts';

/**
 * Behavioural events from sites and the workspace's own systems, the visitors behind them and who
 * they turn out to be, and what follows from them: carts, abandoned carts, engagement.
 */
export const trackingModule: RapportModule = {
  name: 'tracking',
  personalData: trackingPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerTrackingRoutes,
  jobs: [
    {
      name: 'tracking.abandoned_carts', cron: '* * * * *', retryLimit: 0,
      handle: async (_data, { db, log }) => {
        const abandoned = await sweepAbandonedCarts(db);
        if (abandoned > 0) log.info({ abandoned }, 'carts abandoned');
      },
    },
    {
      name: 'tracking.engagement', cron: '17 * * * *', retryLimit: 0,
      handle: async (_data, { db, log }) => {
        const asleep = await markSleepingCustomers(db);
        if (asleep > 0) log.info({ asleep }, 'customers fell asleep');
      },
    },
    {
      name: 'tracking.partitions', cron: '43 3 * * *', retryLimit: 2,
      handle: async (_data, { db, log }) => {
        const dropped = await maintainEventPartitions(db);
        const forgotten = await purgeEventKeys(db);
        if (dropped.length > 0 || forgotten > 0) log.info({ dropped, forgotten }, 'event partitions past retention dropped, old event ids forgotten');
      },
    },
  ],
  eventHandlers: [{
    // A purchase closes the buyer's open carts; imported history is not a purchase made today.
    handler: 'tracking.convert_carts',
    events: ['order.created'],
    handle: async (event, { db }) => {
      const payload = event.payload as { via?: string; references?: Record<string, { id: string }> };
      const personId = payload.references?.person_id?.id;
      if (personId && payload.via !== 'import') await convertCarts(db, event.workspaceId, personId, new Date(event.occurredAt));
    },
  }],
};
