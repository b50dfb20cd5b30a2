import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { channelsQuerySchema, getChannelEconomics } from './channel-economics.service.ts';

const money = z.string().nullable().describe('Decimal amount; null when hidden from the reader or not defined');

const channelsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  is_money_hidden: z.boolean(),
  is_spend_attributed: z.boolean().describe('False when the figures cover only some owners: spend, CAC and ROI are then null'),
  channels: z.array(z.object({
    source: z.string().nullable().describe('Acquisition source; null for people without one'),
    revenue: money, orders: z.number(), customers: z.number().describe('Customers who bought in the period'),
    new_customers: z.number().describe('Customers whose first purchase is in the period'), new_customer_revenue: money,
    leads: z.number().nullable(), converted_leads: z.number().nullable().describe('Leads of the period whose contact has bought'),
    lead_conversion: z.number().nullable().describe('% of the leads who became customers'),
    spend: money, cac: money, roi: z.number().nullable().describe('% (new customers’ revenue − spend) / spend'),
  })),
});

export function registerChannelEconomicsRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/channels', {
    schema: {
      tags: ['analytics'],
      summary: 'Channel economics: revenue, purchases, customers, lead → customer conversion, CAC and ROI by acquisition source',
      description: 'Applies period, owner, team and source. Spend is matched to sources by channel name.',
      querystring: channelsQuerySchema,
      response: { 200: channelsResponse },
    },
  }, async (request) => getChannelEconomics(contextOf(request, db), request.query));
}
