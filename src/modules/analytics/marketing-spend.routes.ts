import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { createSpend, deleteSpend, listSpend, spendInputSchema, spendListQuerySchema, spendUpdateSchema, updateSpend } from './marketing-spend.service.ts';

const spendSchema = z.object({
  id: z.uuid(), month: z.string().describe('YYYY-MM'), channel: z.string(), amount: z.string().describe('decimal amount'),
  currency: z.string(), note: z.string().nullable(), updated_at: z.string(),
});

export function registerMarketingSpendRoutes(app: ApiApp, { db }: ModuleContext) {
  const tags = ['analytics'];
  const params = z.strictObject({ id: z.uuid() });
  app.get('/api/v1/analytics/spend', {
    schema: {
      tags, summary: 'Marketing and sales spend per month and channel (managers and admins)',
      querystring: spendListQuerySchema, response: { 200: z.object({ currency: z.string(), data: z.array(spendSchema) }) },
    },
  }, async (request) => listSpend(contextOf(request, db), request.query));

  app.post('/api/v1/analytics/spend', {
    schema: { tags, summary: 'Enter the spend of a month on a channel', body: spendInputSchema, response: { 201: spendSchema } },
  }, async (request, reply) => reply.code(201).send(await createSpend(contextOf(request, db), request.body)));

  app.patch('/api/v1/analytics/spend/:id', {
    schema: { tags, summary: 'Correct an entered spend', params, body: spendUpdateSchema, response: { 200: spendSchema } },
  }, async (request) => updateSpend(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/analytics/spend/:id', {
    schema: { tags, summary: 'Delete an entered spend', params, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteSpend(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });
}
