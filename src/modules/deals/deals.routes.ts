import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getDealBoard, getDealForecast } from './deals.service.ts';

const localised = z.object({ en: z.string(), ru: z.string() });
const money = z.string().describe('decimal amount');

const boardSchema = z.object({
  stages: z.array(z.object({
    key: z.string(), label: localised, probability: z.number(), outcome: z.enum(['open', 'won', 'lost']), rotting_days: z.number().nullable(),
    count: z.number(), totals: z.array(z.object({ currency: z.string(), amount: money })),
    deals: z.array(z.object({
      id: z.uuid(), title: z.string(), amount: money.nullable().optional(), currency: z.string(), owner_id: z.uuid().nullable(),
      company_id: z.uuid().nullable(), person_id: z.uuid().nullable(), expected_close_date: z.string().nullable(),
      stage_changed_at: z.string(), is_rotting: z.boolean(),
    })),
  })),
});

export function registerDealRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/deals/board', {
    schema: {
      tags: ['deals'], summary: 'Deals by stage for the kanban board, with counts, totals and rotting flags',
      querystring: z.strictObject({ owner_id: z.uuid().optional() }),
      response: { 200: boardSchema },
    },
  }, async (request) => getDealBoard(contextOf(request, db), { ownerId: request.query.owner_id }));

  app.get('/api/v1/deals/forecast', {
    schema: {
      tags: ['deals'], summary: 'Weighted pipeline forecast by expected close month (amount × stage probability)',
      response: { 200: z.object({ months: z.array(z.object({ month: z.string(), currency: z.string(), count: z.number(), amount: money, weighted: money })) }) },
    },
  }, async (request) => getDealForecast(contextOf(request, db)));
}
