import { z } from 'zod';
import { authorizeConfiguration } from '../../platform/auth/permissions.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  customerValueSummary, getSettings, holdoutQuerySchema, holdoutValidation, listRuns, listScoredPeople, personCustomerValue,
  scoredPeopleQuerySchema, settingsSchema, updateSettings,
} from './customer-value.service.ts';
import { RFM_SEGMENTS } from './rfm.ts';

export const SCORE_CUSTOMERS_JOB = 'customer-value.score';

const modelSchema = z.object({
  params: z.record(z.string(), z.number()), ll: z.number(), standard_errors: z.record(z.string(), z.number().nullable()),
  customers: z.number(), is_converged: z.boolean(),
}).nullable();
const runSchema = z.object({
  id: z.uuid(), status: z.enum(['running', 'completed', 'failed']), as_of: z.string(), currency: z.string(), customers: z.number().nullable(),
  settings: settingsSchema, bgnbd: modelSchema.describe('BG/NBD: r, alpha, a, b (time unit: week)'), gammagamma: modelSchema.describe('Gamma-Gamma: p, q, gamma'),
  forecast: z.array(z.object({ month: z.number(), expected_purchases: z.number(), expected_revenue: z.number() })),
  error: z.string().nullable(), started_at: z.string(), finished_at: z.string().nullable(),
});
const scoreSchema = z.object({
  first_order_on: z.string(), last_order_on: z.string(), recency_days: z.number(), frequency: z.number(), monetary: z.number(),
  r_score: z.number(), f_score: z.number(), m_score: z.number(), rfm_segment: z.enum(RFM_SEGMENTS),
  repeat_purchases: z.number(), p_alive: z.number().nullable(), expected_purchases: z.number().nullable(),
  expected_avg_value: z.number().nullable(), clv: z.number().nullable(), churn_risk: z.enum(['low', 'medium', 'high']).nullable(),
});

export function registerCustomerValueRoutes(app: ApiApp, { db, jobs }: ModuleContext) {
  const tags = ['customer-value'];
  app.get('/api/v1/customer-value', {
    schema: {
      tags, summary: 'The latest scoring run (models, forecast) and the reader’s customers by RFM segment and churn risk',
      response: {
        200: z.object({
          run: runSchema.nullable(), latest_run: runSchema.nullable(),
          segments: z.array(z.object({ segment: z.enum(RFM_SEGMENTS), customers: z.number(), monetary: z.number(), clv: z.number().nullable(), avg_recency_days: z.number().nullable(), avg_frequency: z.number().nullable() })),
          churn: z.array(z.object({ risk: z.enum(['low', 'medium', 'high']).nullable(), customers: z.number(), clv: z.number().nullable() })),
        }),
      },
    },
  }, async (request) => customerValueSummary(contextOf(request, db)));

  app.get('/api/v1/customer-value/people', {
    schema: {
      tags, summary: 'Scored customers the reader may see, by segment or churn risk, sorted by CLV, churn, recency or spend',
      querystring: scoredPeopleQuerySchema,
      response: {
        200: z.object({
          data: z.array(z.object({
            person_id: z.uuid(), full_name: z.string(), owner_id: z.uuid().nullable(), clv: z.number().nullable(), p_alive: z.number().nullable(),
            churn_risk: z.enum(['low', 'medium', 'high']).nullable(), rfm_segment: z.enum(RFM_SEGMENTS), recency_days: z.number(), frequency: z.number(),
            monetary: z.number(), expected_purchases: z.number().nullable(),
          })),
          has_more: z.boolean(),
        }),
      },
    },
  }, async (request) => listScoredPeople(contextOf(request, db), request.query));

  app.get('/api/v1/people/:id/customer-value', {
    schema: {
      tags, summary: 'A person’s RFM segment, CLV, P(alive) and churn risk from the latest run (null before their first scored order)',
      params: z.strictObject({ id: z.uuid() }),
      response: { 200: z.object({ score: scoreSchema.nullable(), run: runSchema.nullable() }) },
    },
  }, async (request) => personCustomerValue(contextOf(request, db), request.params.id));

  app.get('/api/v1/customer-value/holdout', {
    schema: {
      tags, summary: 'BG/NBD fitted before a holdout period, its predicted purchases in the holdout against the actual ones, by past frequency',
      querystring: holdoutQuerySchema,
      response: {
        200: z.object({
          weeks: z.number(), calibration_end: z.string().nullable(), customers: z.number(), params: z.record(z.string(), z.number()).nullable(),
          buckets: z.array(z.object({ x: z.number(), customers: z.number(), predicted: z.number(), actual: z.number() })),
        }),
      },
    },
  }, async (request) => holdoutValidation(contextOf(request, db), request.query.weeks));

  app.get('/api/v1/customer-value/runs', {
    schema: { tags, summary: 'Recent scoring runs, newest first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ data: z.array(runSchema) }) } },
  }, async (request) => ({ data: await listRuns(contextOf(request, db), request.query.limit) }));

  app.post('/api/v1/customer-value/runs', {
    schema: { tags, summary: 'Rescore every customer now, in the background (managers and administrators); the nightly run does the same', response: { 202: z.object({ queued: z.boolean() }) } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    authorizeConfiguration(ctx.principal, 'person', 'customer scoring');
    // Keyed by the minute: repeated clicks queue one run; the runs themselves take turns (scoreCustomers).
    const minute = new Date().toISOString().slice(0, 16);
    const id = await jobs.enqueue(SCORE_CUSTOMERS_JOB, { workspace_id: ctx.principal.workspaceId, requested_by: ctx.principal.userId }, { idempotencyKey: `${ctx.principal.workspaceId}:${minute}` });
    jobs.nudge(SCORE_CUSTOMERS_JOB);
    return reply.code(202).send({ queued: id !== null });
  });

  app.get('/api/v1/customer-value/settings', {
    schema: { tags, summary: 'How customers are scored: RFM window, CLV horizon, margin and discount rate', response: { 200: settingsSchema } },
  }, async (request) => getSettings(contextOf(request, db)));

  app.put('/api/v1/customer-value/settings', {
    schema: { tags, summary: 'Change how customers are scored (managers and administrators); takes effect at the next run', body: settingsSchema, response: { 200: settingsSchema } },
  }, async (request) => updateSettings(contextOf(request, db), request.body));
}
