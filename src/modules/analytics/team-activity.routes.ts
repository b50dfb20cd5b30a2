import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { analyticsFiltersSchema } from './analytics-filters.ts';
import { periodSchema } from './sales-analytics.schemas.ts';
import { getTeamActivity } from './team-activity.service.ts';

const count = z.number().nullable();

const activityRowSchema = z.object({
  id: z.uuid().describe('The member’s user id, or the team’s id'),
  name: z.string(),
  calls: count.describe('Calls done in the period; null when the reader may not see this member’s activities'),
  meetings: count.describe('Meetings done in the period (by their start)'),
  emails: count.describe('Emails done in the period'),
  tasks_done: count.describe('Tasks due in the period and done'),
  tasks_overdue: count.describe('Tasks due in the period, still planned and past due'),
  leads: count.describe('Leads that arrived in the period'),
  leads_contacted: count.describe('Of those, the ones contacted'),
  median_first_response_minutes: z.number().nullable().describe('Median minutes from assignment (or arrival) to first contact'),
  won_deals: count.describe('Deals won in the period'),
  won_revenue: z.array(z.object({ currency: z.string(), amount: z.string() })).nullable()
    .describe('Revenue won in the period per currency; null when the reader’s role hides deal amounts'),
});

export const teamActivitySchema = z.object({
  period: periodSchema,
  is_amount_hidden: z.boolean(),
  members: z.array(activityRowSchema),
  teams: z.array(activityRowSchema.describe('A team’s members together; a member of two teams counts in both')),
});

export function registerTeamActivityRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/team-activity', {
    schema: {
      tags: ['analytics'],
      summary: 'Team activity per member and team: calls, meetings, emails, tasks, first response to leads, deals and revenue won',
      description: 'Reads from, to, owner_id and team_id, and pipeline_id for deals won. Each figure follows the reader’s scope '
        + 'in its record type: activities, leads, deals.',
      querystring: analyticsFiltersSchema,
      response: { 200: teamActivitySchema },
    },
  }, async (request) => getTeamActivity(contextOf(request, db), request.query));
}
