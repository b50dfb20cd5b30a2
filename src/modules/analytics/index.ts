import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerFunnelRoutes } from './funnel.routes.ts';
import { registerSalesForecastRoutes } from './sales-forecast.routes.ts';
import { registerTeamActivityRoutes } from './team-activity.routes.ts';
import { registerChannelEconomicsRoutes } from './channel-economics.routes.ts';
import { registerCohortRoutes } from './cohorts.routes.ts';
import { registerDataRangeRoutes } from './data-range.routes.ts';
import { registerKpiRoutes } from './kpis.routes.ts';
import { seedMarketingSpend } from './marketing-spend.demo.ts';
import { registerMarketingSpendRoutes } from './marketing-spend.routes.ts';
import { registerParetoRoutes } from './pareto.routes.ts';

/**
 * Analytics: reports computed in SQL over the other modules' tables, each under the reader's
 * record scope and field rules. Every report lives in its own file and registers its routes here.
 */
export const analyticsModule: RapportModule = {
  name: 'analytics',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  seedDemo: seedMarketingSpend,
  routes: (app, ctx) => {
    // Reports register here, one line each.
    registerFunnelRoutes(app, ctx);
    registerSalesForecastRoutes(app, ctx);
    registerTeamActivityRoutes(app, ctx);
    registerCohortRoutes(app, ctx);
    registerKpiRoutes(app, ctx);
    registerParetoRoutes(app, ctx);
    registerChannelEconomicsRoutes(app, ctx);
    registerMarketingSpendRoutes(app, ctx);
    registerDataRangeRoutes(app, ctx);
  },
};
