import path from 'node:path';
import { sql } from 'kysely';
import type { RapportModule } from '../../platform/module.ts';
import { registerCustomerValueRoutes, SCORE_CUSTOMERS_JOB } from './customer-value.routes.ts';
import { scoreCustomers } from './scoring.service.ts';

export { scoreCustomers } from './scoring.service.ts';
export { RFM_SEGMENTS, type RfmSegment } from './rfm.ts';

const NIGHTLY_JOB = 'customer-value.nightly';

/**
 * Customer value: RFM segments, BG/NBD and Gamma-Gamma CLV, P(alive) and churn risk for every
 * customer with orders, stored per person so lists and segments filter on them (docs/customer-value.md).
 */
export const customerValueModule: RapportModule = {
  name: 'customer-value',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerCustomerValueRoutes,
  // The demo's orders are scored at once, so its analytics and customer cards show values from the start.
  seedDemo: async ({ db, workspaceId }) => {
    await scoreCustomers(db, workspaceId);
  },
  jobs: [
    {
      name: SCORE_CUSTOMERS_JOB,
      retryLimit: 2,
      expireInSeconds: 3600,
      handle: async (data: { workspace_id: string; requested_by?: string | null }, { db, log }) => {
        const outcome = await scoreCustomers(db, data.workspace_id, { requestedBy: data.requested_by ?? null });
        log.info({ workspaceId: data.workspace_id, customers: outcome.customers, seconds: outcome.seconds }, 'customers scored');
      },
    },
    {
      // Every night each workspace with orders is rescored, one after another.
      name: NIGHTLY_JOB,
      cron: '30 2 * * *',
      retryLimit: 1,
      expireInSeconds: 4 * 3600,
      handle: async (_data, { db, log }) => {
        const workspaces = (await sql<{ id: string }>`
          select w.id from workspace w where exists (select 1 from sales_order o where o.workspace_id = w.id)`.execute(db)).rows;
        for (const workspace of workspaces) {
          const outcome = await scoreCustomers(db, workspace.id);
          log.info({ workspaceId: workspace.id, customers: outcome.customers, seconds: outcome.seconds }, 'customers scored (nightly)');
        }
      },
    },
  ] as RapportModule['jobs'],
};
