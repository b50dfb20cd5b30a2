import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { cohortsQuerySchema, getCohorts } from './cohorts.service.ts';

const money = z.string().nullable().describe('Decimal amount; null when the reader may not see order amounts or the month is not observed yet');

const cohortsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  metric: z.enum(['all', 'retention', 'revenue']),
  is_money_hidden: z.boolean(),
  max_offset: z.number().describe('The last month since first purchase observed (0 is the month of the first purchase)'),
  customers: z.number().describe('Customers in all cohorts'),
  cohorts: z.array(z.object({
    month: z.string().describe('YYYY-MM: the month of the cohort’s first purchases'),
    size: z.number(),
    retention: z.array(z.number().nullable()).optional().describe('Per month since first purchase: % of the cohort who bought that month'),
    buyers: z.array(z.number().nullable()).optional(),
    revenue: z.array(money).optional().describe('Per month since first purchase: the cohort’s revenue net of returns'),
    revenue_per_customer: z.array(money).optional().describe('Revenue divided by the cohort size'),
  })),
});

export function registerCohortRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/cohorts', {
    schema: {
      tags: ['analytics'],
      summary: 'Monthly acquisition cohorts: retention and revenue by months since the first purchase',
      description: 'Cohorts are customers by the month of their first purchase, first purchases in the period (default: the twelve months ending with `to`). '
        + 'Applies period, owner, team and source (the person’s) filters; counts people in the reader’s scope and their purchases in the workspace currency.',
      querystring: cohortsQuerySchema,
      response: { 200: cohortsResponse },
    },
  }, async (request) => getCohorts(contextOf(request, db), request.query));
}
