import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { analyticsFiltersSchema } from './analytics-filters.ts';
import { getSalesForecast } from './sales-forecast.service.ts';
import { localisedSchema, moneySchema, periodSchema } from './sales-analytics.schemas.ts';

export const salesForecastSchema = z.object({
  period: periodSchema,
  is_amount_hidden: z.boolean().describe('The reader’s role hides deal amounts: every amount is null'),
  months: z.array(z.object({
    month: z.string().describe('YYYY-MM: expected close month of open deals, closing month of won deals'),
    currency: z.string(),
    open_deals: z.number().describe('Open deals expected to close in the month'),
    expected_wins: z.number().describe('Σ P(win) of those deals: how many of them history expects to be won'),
    pipeline_amount: moneySchema.describe('Σ amount of those deals'),
    weighted_amount: moneySchema.describe('Σ amount × stage probability (the deals forecast)'),
    win_rate_amount: moneySchema.describe('Σ amount × P(win), P(win) = won ÷ closed among past deals that reached the deal’s stage'),
    won_deals: z.number().describe('Deals won in the month'),
    won_amount: moneySchema.describe('Σ amount of the deals won in the month'),
  })),
  stages: z.array(z.object({
    pipeline_id: z.uuid(),
    pipeline_name: z.string(),
    key: z.string(),
    label: localisedSchema,
    probability: z.number().describe('The stage’s own win probability, %'),
    closed_deals: z.number().describe('Closed deals that reached the stage'),
    won_deals: z.number().describe('Of those, the won ones'),
    win_rate: z.number().nullable().describe('won_deals ÷ closed_deals; null (the probability is used) when no closed deal reached the stage'),
  })),
});

export function registerSalesForecastRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/sales-forecast', {
    schema: {
      tags: ['analytics'],
      summary: 'Sales forecast by month: weighted pipeline beside a forecast from historical win rates per stage, and revenue won',
      description: 'Reads from, to (months of the period; by default five months back to six months ahead), owner_id, team_id and '
        + 'pipeline_id; win rates come from every closed deal the reader may read under those filters.',
      querystring: analyticsFiltersSchema,
      response: { 200: salesForecastSchema },
    },
  }, async (request) => getSalesForecast(contextOf(request, db), request.query));
}
