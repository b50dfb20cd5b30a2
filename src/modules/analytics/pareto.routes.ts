import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getPareto, paretoQuerySchema } from './pareto.service.ts';

const money = z.string().nullable().describe('Decimal amount; null when the reader may not see order amounts');
const portraitRows = z.array(z.object({
  value: z.string().nullable(), customers: z.number(), revenue: money, share: z.number().nullable().describe('% of the group’s revenue'),
}));
const portraitGroups = z.object({ top: portraitRows, rest: portraitRows });
const groupSchema = z.object({
  customers: z.number(), orders: z.number(), revenue: money, revenue_share: z.number().nullable(),
  average_order_value: money, revenue_per_customer: money,
});

const paretoResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  is_money_hidden: z.boolean(),
  customers: z.number().describe('Customers with positive net revenue in the period'),
  top_customers: z.number().describe('⌈20% of them⌉, best first'),
  revenue: money,
  top_revenue: money,
  top_share: z.number().nullable().describe('% of the period’s revenue from the top 20% of customers'),
  curve: z.array(z.object({ customers_share: z.number(), revenue_share: z.number() })).describe('Cumulative revenue share by share of customers, best first'),
  groups: z.object({ top: groupSchema, rest: groupSchema }).nullable(),
  portrait: z.object({
    categories: portraitGroups, channels: portraitGroups, sources: portraitGroups,
    cities: portraitGroups.nullable().describe('Null when the reader may not see people’s cities'),
  }).nullable(),
});

export function registerParetoRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/pareto', {
    schema: {
      tags: ['analytics'],
      summary: 'Pareto analysis: the revenue share of the top 20% of customers, the Pareto curve, and a portrait of the top against the rest',
      description: 'Applies period, owner, team and source (the person’s). Revenue is net of returns, in the workspace currency.',
      querystring: paretoQuerySchema,
      response: { 200: paretoResponse },
    },
  }, async (request) => getPareto(contextOf(request, db), request.query));
}
