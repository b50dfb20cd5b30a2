import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerExchangeRoutes } from './exchange-1c.routes.ts';
import { exchange1cPersonalData } from './exchange-1c.personal-data.ts';

/** 1C:Enterprise's site exchange (CommerceML 2): the catalogue and prices in, orders out and their statuses back. */
export const exchange1cModule: RapportModule = {
  name: 'exchange-1c',
  personalData: exchange1cPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerExchangeRoutes,
};
