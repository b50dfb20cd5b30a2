import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { analyticsFiltersSchema } from './analytics-filters.ts';
import { getSalesFunnel } from './funnel.service.ts';
import { localisedSchema, periodSchema } from './sales-analytics.schemas.ts';

const days = z.number().nullable().describe('Days, one decimal');
const ratio = z.number().nullable().describe('A share from 0 to 1; null when there is nothing to divide by');

export const funnelSchema = z.object({
  period: periodSchema,
  pipelines: z.array(z.object({
    id: z.uuid(),
    name: z.string(),
    deals: z.number().describe('Deals of the pipeline created in the period (the cohort)'),
    won: z.number(),
    lost: z.number(),
    win_rate: ratio.describe('won ÷ (won + lost) of the cohort'),
    stages: z.array(z.object({
      key: z.string(),
      label: localisedSchema,
      outcome: z.enum(['open', 'won', 'lost']),
      reached: z.number().describe('Deals that reached the stage: entered it or a later open stage, or were won; for won and lost stages, deals now in it'),
      conversion_to_next: ratio.describe('Share of the deals that reached this open stage and reached the next one (the next open stage, or winning after the last)'),
      lost_here: z.number().describe('Lost deals whose furthest open stage was this one'),
      in_stage_now: z.number(),
      median_days: days.describe('Median days in the stage, over finished stays'),
      p90_days: days.describe('90th percentile of days in the stage, over finished stays'),
    })),
    bottleneck: z.object({
      stage: z.string(),
      label: localisedSchema,
      lost: z.number(),
      share_of_losses: ratio,
      by_owner: z.array(z.object({ owner_id: z.uuid().nullable(), owner_name: z.string().nullable(), lost: z.number() })),
      by_source: z.array(z.object({ source: z.string().nullable(), lost: z.number() })),
      by_month: z.array(z.object({ month: z.string().nullable().describe('YYYY-MM of closing, in the workspace’s time zone'), lost: z.number() })),
    }).nullable().describe('The open stage that lost the most deals of the cohort; null when none was lost'),
    sales_cycle: z.object({
      won_deals: z.number().describe('Deals won in the period'),
      median_days: days.describe('Median days from creation to winning'),
      p90_days: days,
    }),
  })),
});

export function registerFunnelRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/funnel', {
    schema: {
      tags: ['analytics'],
      summary: 'Sales funnel per pipeline: stage conversion, time in stage, the bottleneck and the sales cycle',
      description: 'Counts the deals created in the period (from, to) that the reader may read, narrowed by owner_id, team_id, '
        + 'pipeline_id and source (the acquisition source of the deal’s contact). The sales cycle counts deals won in the period.',
      querystring: analyticsFiltersSchema,
      response: { 200: funnelSchema },
    },
  }, async (request) => getSalesFunnel(contextOf(request, db), request.query));
}
