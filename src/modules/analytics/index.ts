import type { RapportModule } from '../../platform/module.ts';

/**
 * Analytics: reports computed in SQL over the other modules' tables, each under the reader's
 * record scope and field rules. Every report lives in its own file and registers its routes here.
 */
export const analyticsModule: RapportModule = {
  name: 'analytics',
  routes: (_app, _ctx) => {
    // Reports register here, one line each.
  },
};
