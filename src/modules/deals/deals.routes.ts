import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { dealContactsSchema, getDealContacts, setDealContacts } from './deal-contacts.service.ts';
import { dealLinesSchema, getDealLines, setDealLines } from './deal-lines.service.ts';
import { getDealBoard, getDealForecast } from './deals.service.ts';
import { createPipeline, createPipelineSchema, deletePipeline, listPipelines, updatePipeline, updatePipelineSchema } from './pipelines.service.ts';

const localised = z.object({ en: z.string(), ru: z.string() });
const money = z.string().describe('decimal amount');
const outcome = z.enum(['open', 'won', 'lost']);

const pipelineSchema = z.object({
  id: z.uuid(), name: z.string(), position: z.number(), is_default: z.boolean(),
  won_reasons: z.array(z.string()), lost_reasons: z.array(z.string()),
  stages: z.array(z.object({ key: z.string(), label: localised, probability: z.number(), rotting_days: z.number().nullable(), outcome })),
});

const boardSchema = z.object({
  pipeline: z.object({ id: z.uuid(), name: z.string(), won_reasons: z.array(z.string()), lost_reasons: z.array(z.string()) }),
  stages: z.array(z.object({
    key: z.string(), label: localised, probability: z.number(), outcome, rotting_days: z.number().nullable(),
    count: z.number(), totals: z.array(z.object({ currency: z.string(), amount: money })),
    deals: z.array(z.object({
      id: z.uuid(), title: z.string(), amount: money.nullable().optional(), currency: z.string(), owner_id: z.uuid().nullable(),
      company_id: z.uuid().nullable(), person_id: z.uuid().nullable(), expected_close_date: z.string().nullable(),
      stage_changed_at: z.string(), is_rotting: z.boolean(),
    })),
  })),
});

const linesSchema = z.object({
  currency: z.string(),
  total: money.optional().describe('Left out when the deal’s amount is hidden from the reader, as are line prices'),
  lines: z.array(z.object({
    id: z.uuid(), product_id: z.uuid().nullable(), name: z.string(), quantity: z.number(), unit: z.string().nullable(),
    discount_percent: z.number(), unit_price: money.optional(), amount: money.optional(),
  })),
});

const contactsSchema = z.object({
  data: z.array(z.object({
    person_id: z.uuid(), role: z.string().nullable(), is_primary: z.boolean(),
    full_name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), job_title: z.string().nullable(),
  })),
});

export function registerDealRoutes(app: ApiApp, { db }: ModuleContext) {
  const dealParams = z.strictObject({ id: z.uuid() });
  app.get('/api/v1/deals/:id/lines', {
    schema: { tags: ['deals'], summary: 'The products and services a deal sells, with its total', params: dealParams, response: { 200: linesSchema } },
  }, async (request) => getDealLines(contextOf(request, db), request.params.id));

  app.put('/api/v1/deals/:id/lines', {
    schema: {
      tags: ['deals'], summary: 'Replace a deal’s lines; prices left out come from the price list, and the deal’s amount becomes the total',
      params: dealParams, body: dealLinesSchema, response: { 200: linesSchema },
    },
  }, async (request) => setDealLines(contextOf(request, db), request.params.id, request.body));

  app.get('/api/v1/deals/:id/contacts', {
    schema: { tags: ['deals'], summary: 'The people on a deal: its main contact, then the others with their roles', params: dealParams, response: { 200: contactsSchema } },
  }, async (request) => getDealContacts(contextOf(request, db), request.params.id));

  app.put('/api/v1/deals/:id/contacts', {
    schema: { tags: ['deals'], summary: 'Replace the people on a deal besides its main contact', params: dealParams, body: dealContactsSchema, response: { 200: contactsSchema } },
  }, async (request) => setDealContacts(contextOf(request, db), request.params.id, request.body));

  app.get('/api/v1/deals/board', {
    schema: {
      tags: ['deals'], summary: 'One pipeline’s deals by stage for the kanban board, with counts, totals and rotting flags',
      querystring: z.strictObject({ owner_id: z.uuid().optional(), pipeline_id: z.uuid().optional().describe('Defaults to the default pipeline') }),
      response: { 200: boardSchema },
    },
  }, async (request) => getDealBoard(contextOf(request, db), { ownerId: request.query.owner_id, pipelineId: request.query.pipeline_id }));

  app.get('/api/v1/deals/forecast', {
    schema: {
      tags: ['deals'], summary: 'Weighted pipeline forecast by expected close month (amount × stage probability)',
      querystring: z.strictObject({ pipeline_id: z.uuid().optional().describe('Only this pipeline; all pipelines by default') }),
      response: { 200: z.object({ months: z.array(z.object({ month: z.string(), currency: z.string(), count: z.number(), amount: money, weighted: money })) }) },
    },
  }, async (request) => getDealForecast(contextOf(request, db), { pipelineId: request.query.pipeline_id }));

  const tags = ['pipelines'];
  const idParams = z.strictObject({ id: z.uuid() });
  app.get('/api/v1/pipelines', {
    schema: { tags, summary: 'Pipelines with their ordered stages, the default first', response: { 200: z.object({ data: z.array(pipelineSchema) }) } },
  }, async (request) => listPipelines(contextOf(request, db)));

  app.post('/api/v1/pipelines', {
    schema: { tags, summary: 'Create a pipeline (managers and administrators)', body: createPipelineSchema, response: { 201: pipelineSchema } },
  }, async (request, reply) => reply.code(201).send(await createPipeline(contextOf(request, db), request.body)));

  app.patch('/api/v1/pipelines/:id', {
    schema: { tags, summary: 'Rename, reorder, make default, or replace the stages and reasons of a pipeline', params: idParams, body: updatePipelineSchema, response: { 200: pipelineSchema } },
  }, async (request) => updatePipeline(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/pipelines/:id', {
    schema: { tags, summary: 'Delete an empty pipeline that is not the default', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deletePipeline(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });
}
