import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedDeals } from './deals.demo.ts';
import { dealRecordType } from './deals.records.ts';
import { registerDealRoutes } from './deals.routes.ts';
import { dealsPersonalData } from './deals.personal-data.ts';

export { dealRecordType };
export { findMyRottingDeals, getDealForecast } from './deals.service.ts';

export const dealsModule: RapportModule = {
  name: 'deals',
  personalData: dealsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [dealRecordType],
  routes: registerDealRoutes,
  seedDemo: seedDeals,
};
