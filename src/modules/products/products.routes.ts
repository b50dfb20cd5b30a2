import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import {
  createPriceList, createPriceListSchema, deletePriceList, findProductPrices, importPriceListCsv, listPriceListItems, listPriceLists,
  priceListItemsSchema, setPriceListItems, updatePriceList, updatePriceListSchema,
} from './price-lists.service.ts';

const priceListSchema = z.object({ id: z.uuid(), name: z.string(), currency: z.string(), is_default: z.boolean(), item_count: z.number() });
const itemSchema = z.object({ product_id: z.uuid(), name: z.string(), sku: z.string().nullable(), unit: z.string(), price: z.string() });
const setResultSchema = z.object({ updated: z.number(), removed: z.number() });
const idParams = z.strictObject({ id: z.uuid() });
const MAX_CSV_BYTES = 10 * 1024 * 1024;

export function registerProductRoutes(app: ApiApp, { db }: ModuleContext) {
  const tags = ['price lists'];
  app.get('/api/v1/price-lists', {
    schema: { tags, summary: 'Price lists, by currency, the default first', response: { 200: z.object({ data: z.array(priceListSchema) }) } },
  }, async (request) => listPriceLists(contextOf(request, db)));

  app.post('/api/v1/price-lists', {
    schema: { tags, summary: 'Create a price list in one currency (managers and administrators)', body: createPriceListSchema, response: { 201: priceListSchema } },
  }, async (request, reply) => reply.code(201).send(await createPriceList(contextOf(request, db), request.body)));

  app.patch('/api/v1/price-lists/:id', {
    schema: { tags, summary: 'Rename a price list or make it its currency’s default', params: idParams, body: updatePriceListSchema, response: { 200: priceListSchema } },
  }, async (request) => updatePriceList(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/price-lists/:id', {
    schema: { tags, summary: 'Delete a price list and its prices', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deletePriceList(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/price-lists/:id/items', {
    schema: { tags, summary: 'The prices in a list', params: idParams, querystring: pageQuerySchema, response: { 200: pageSchema(itemSchema) } },
  }, async (request) => listPriceListItems(contextOf(request, db), request.params.id, request.query));

  app.put('/api/v1/price-lists/:id/items', {
    schema: { tags, summary: 'Set or remove prices of up to 10,000 products by id or SKU, all or nothing', params: idParams, body: priceListItemsSchema, response: { 200: setResultSchema } },
  }, async (request) => setPriceListItems(contextOf(request, db), request.params.id, request.body));

  app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) => done(null, body));
    (scope as unknown as ApiApp).post('/api/v1/price-lists/:id/items/csv', {
      schema: {
        tags, summary: 'Set prices from a CSV file (columns sku/артикул and price/цена), all or nothing',
        params: idParams, response: { 200: setResultSchema },
      },
    }, async (request) => {
      if (typeof request.body !== 'string') throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'Send the file as the request body with Content-Type text/csv' });
      return importPriceListCsv(contextOf(request, db), request.params.id, request.body);
    });
  });

  app.get('/api/v1/products/:id/prices', {
    schema: {
      tags: ['products'], summary: 'A product’s price in every price list that has it', params: idParams,
      response: { 200: z.object({ data: z.array(z.object({ price_list_id: z.uuid(), name: z.string(), currency: z.string(), is_default: z.boolean(), price: z.string() })) }) },
    },
  }, async (request) => findProductPrices(contextOf(request, db), request.params.id));
}
