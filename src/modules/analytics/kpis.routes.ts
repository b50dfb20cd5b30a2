import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  deleteKpiBaseline, getKpis, KPI_REASONS, KPI_UNITS, kpisQuerySchema, listKpiBaselines, saveBaselineSchema, saveKpiBaseline,
} from './kpis.service.ts';

const period = z.object({ from: z.string(), to: z.string() });
const nullableNumber = z.number().nullable();

const baselineSchema = z.object({
  id: z.uuid(), name: z.string(), period, filters: z.record(z.string(), z.string()), created_at: z.string(),
});

const figuresSchema = z.object({
  revenue: nullableNumber, orders: z.number(), buyers: z.number(), new_customers: z.number(), new_customer_revenue: nullableNumber,
  repeat_buyers: z.number(), second_purchases: z.number(), previous_buyers: z.number(), retained: z.number(),
  leads: nullableNumber, converted_leads: nullableNumber, lost_leads: nullableNumber, median_response_minutes: nullableNumber,
  people_new: z.number(), people_before: z.number(), spend: nullableNumber,
}).describe('The counts and sums the KPIs are computed from');

const kpisResponse = z.object({
  period,
  previous_period: period,
  currency: z.string(),
  is_money_hidden: z.boolean(),
  baseline: baselineSchema.nullable(),
  figures: z.object({ current: figuresSchema, previous: figuresSchema }),
  kpis: z.array(z.object({
    key: z.string(),
    unit: z.enum(KPI_UNITS),
    is_higher_better: z.boolean(),
    formula: z.string(),
    value: nullableNumber,
    reason: z.enum(KPI_REASONS).nullable().describe('Why the value is null'),
    previous: nullableNumber.describe('The value in the previous period of the same length'),
    change: nullableNumber.describe('value − previous (percentage points for percentages)'),
    change_percent: nullableNumber,
    baseline: nullableNumber.describe('The value saved in the baseline asked for'),
    baseline_change: nullableNumber,
  })),
});

export function registerKpiRoutes(app: ApiApp, { db }: ModuleContext) {
  const tags = ['analytics'];
  app.get('/api/v1/analytics/kpis', {
    schema: {
      tags, summary: 'The KPI library: each KPI for the period, the previous period of the same length, and a saved baseline',
      description: 'Applies period, owner, team (by the person’s or lead’s owner) and source (person’s and lead’s source; spend of that channel). '
        + 'Spend-based KPIs (CAC, ROI) are null when the figures cover only some owners, since spend is not attributed to owners.',
      querystring: kpisQuerySchema,
      response: { 200: kpisResponse },
    },
  }, async (request) => getKpis(contextOf(request, db), request.query));

  app.get('/api/v1/analytics/kpis/baselines', {
    schema: { tags, summary: 'The KPI baselines you saved', response: { 200: z.object({ data: z.array(baselineSchema) }) } },
  }, async (request) => listKpiBaselines(contextOf(request, db)));

  app.post('/api/v1/analytics/kpis/baselines', {
    schema: {
      tags, summary: 'Save the current KPI values for a period and filters under a name, to compare with later',
      body: saveBaselineSchema,
      response: { 201: baselineSchema.extend({ values: z.record(z.string(), nullableNumber) }) },
    },
  }, async (request, reply) => reply.code(201).send(await saveKpiBaseline(contextOf(request, db), request.body)));

  app.delete('/api/v1/analytics/kpis/baselines/:id', {
    schema: { tags, summary: 'Delete a KPI baseline you saved', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteKpiBaseline(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });
}
