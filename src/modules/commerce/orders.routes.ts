import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getCustomerTotals } from './customer-totals.service.ts';
import {
  createOrderReturn, getOrderLines, listOrderReturns, orderLinesSchema, orderReturnSchema, setOrderLines, upsertOrder, upsertOrderSchema,
} from './orders.service.ts';

const money = z.string().describe('decimal amount');

const linesResponse = z.object({
  data: z.array(z.object({
    id: z.uuid(), product_id: z.uuid().nullable(), sku: z.string().nullable(), name: z.string(), category: z.string().nullable(),
    quantity: z.number(), returned_quantity: z.number(),
    unit_price: money.optional().describe('Left out, with discount and amount, when the order’s total is hidden from the reader'),
    discount: money.optional(), amount: money.optional(),
  })),
});

const returnResponse = z.object({
  id: z.uuid(), external_id: z.string().nullable(), order_id: z.uuid().nullable(), currency: z.string(),
  returned_at: z.string(), reason: z.string().nullable(), total: money,
});

const totalsResponse = z.object({
  data: z.array(z.object({
    currency: z.string(), order_count: z.number(), revenue: money.nullable(), returned: money.nullable(),
    average_order_value: money.nullable(), first_order_at: z.string().nullable(), last_order_at: z.string().nullable(),
    categories: z.array(z.string()),
  })),
});

export function registerOrderRoutes(app: ApiApp, { db, records }: ModuleContext) {
  const orderParams = z.strictObject({ id: z.uuid() });

  app.get('/api/v1/orders/:id/lines', {
    schema: { tags: ['orders'], summary: 'An order’s lines with what has been returned of each', params: orderParams, response: { 200: linesResponse } },
  }, async (request) => getOrderLines(contextOf(request, db), request.params.id));

  app.put('/api/v1/orders/:id/lines', {
    schema: {
      tags: ['orders'], summary: 'Replace the lines of an order not yet fulfilled; its total follows them',
      params: orderParams, body: orderLinesSchema, response: { 200: linesResponse },
    },
  }, async (request) => setOrderLines(contextOf(request, db), request.params.id, request.body));

  app.put('/api/v1/orders/by-external-id/:external_id', {
    schema: {
      tags: ['orders'],
      summary: 'Create or update the order with this external id, lines included; the same request again changes nothing',
      params: z.strictObject({ external_id: z.string().trim().min(1).max(200) }),
      body: upsertOrderSchema,
      response: { 200: z.object({ id: z.uuid(), is_created: z.boolean(), status: z.string(), total: money }) },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return upsertOrder(ctx, records.resolverFor(db, ctx.principal.workspaceId), request.params.external_id, request.body);
  });

  app.get('/api/v1/orders/:id/returns', {
    schema: { tags: ['orders'], summary: 'Returns recorded against an order', params: orderParams, response: { 200: z.object({ data: z.array(returnResponse) }) } },
  }, async (request) => listOrderReturns(contextOf(request, db), request.params.id));

  app.post('/api/v1/orders/:id/returns', {
    schema: {
      tags: ['orders'], summary: 'Record goods brought back; an order whose every line is back becomes returned',
      params: orderParams, body: orderReturnSchema,
      response: { 201: returnResponse.extend({ is_created: z.boolean() }), 200: returnResponse.extend({ is_created: z.boolean() }) },
    },
  }, async (request, reply) => {
    const result = await createOrderReturn(contextOf(request, db), request.params.id, request.body);
    return reply.code(result.is_created ? 201 : 200).send(result);
  });

  app.get('/api/v1/people/:id/purchases', {
    schema: {
      tags: ['orders'], summary: 'A customer’s purchase totals per currency: orders, revenue net of returns, average order, first and last purchase, categories',
      params: orderParams, response: { 200: totalsResponse },
    },
  }, async (request) => getCustomerTotals(contextOf(request, db), request.params.id));
}
