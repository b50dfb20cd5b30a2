import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedLeads } from './leads.demo.ts';
import { leadRecordType } from './leads.records.ts';
import { registerLeadRoutes } from './leads.routes.ts';
import { recordContactFromActivity, sweepLeadSla } from './leads.service.ts';
import { leadsPersonalData } from './leads.personal-data.ts';

export { leadRecordType };
export { findMyLeadsAwaitingContact, type AwaitingLead } from './leads.service.ts';

/** Leads: capture, distribution to agents on shift, the first-response SLA, and conversion. */
export const leadsModule: RapportModule = {
  name: 'leads',
  personalData: leadsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [leadRecordType],
  routes: registerLeadRoutes,
  eventHandlers: [{ handler: 'leads.first-contact', events: ['activity.created'], handle: (event, { db }) => recordContactFromActivity(db, event) }],
  jobs: [{
    name: 'leads.sla-sweep',
    cron: '* * * * *',
    retryLimit: 0,
    handle: async (_data, { db, log }) => {
      const result = await sweepLeadSla(db);
      if (result.breached + result.reassigned > 0) log.info(result, 'lead SLA sweep');
    },
  }],
  seedDemo: seedLeads,
};
