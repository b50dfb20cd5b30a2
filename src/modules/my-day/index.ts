import { z } from 'zod';
import { contextOf } from '../../platform/http/server.ts';
import type { RapportModule } from '../../platform/module.ts';
import { can } from '../../platform/auth/permissions.ts';
import { findMyDueActivities } from '../activities/index.ts';
import { findMyRottingDeals } from '../deals/index.ts';
import { findMyLeadsAwaitingContact } from '../leads/index.ts';

const myDaySchema = z.object({
  activities: z.array(z.object({
    id: z.uuid(), kind: z.string(), subject: z.string(), due_at: z.string(), is_overdue: z.boolean(),
    person_id: z.uuid().nullable(), deal_id: z.uuid().nullable(),
  })),
  leads: z.array(z.object({
    id: z.uuid(), full_name: z.string(), company_name: z.string().nullable(), channel: z.string(),
    first_response_due_at: z.string().nullable(), is_sla_breached: z.boolean(),
  })),
  rotting_deals: z.array(z.object({ id: z.uuid(), title: z.string(), pipeline_id: z.uuid(), stage: z.string(), stage_changed_at: z.string(), days_in_stage: z.number() })),
});

/** "My day": what the signed-in user should do today, gathered from the other modules' services. */
export const myDayModule: RapportModule = {
  name: 'my-day',
  routes: (app, { db }) => {
    app.get('/api/v1/my-day', {
      schema: { tags: ['my-day'], summary: 'My activities due today or overdue, my leads awaiting a first contact, and my rotting deals', response: { 200: myDaySchema } },
    }, async (request) => {
      const ctx = contextOf(request, db);
      return {
        activities: can(ctx.principal, 'activity', 'read') ? await findMyDueActivities(ctx) : [],
        leads: can(ctx.principal, 'lead', 'read') ? await findMyLeadsAwaitingContact(ctx) : [],
        rotting_deals: can(ctx.principal, 'deal', 'read') ? await findMyRottingDeals(ctx) : [],
      };
    });
  },
};
