import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { auditEntrySchema } from '../../platform/audit/audit.routes.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import { exportQuerySchema, listCriteria, listQuerySchema, sendCsvExport } from '../../platform/records/records.routes.ts';
import {
  createRecord, deleteRecord, findRecordHistory, getRecord, groupRecords, listRecords, updateRecord,
} from '../../platform/records/records.service.ts';
import {
  createCustomObject, customObjectInputSchema, customObjectType, customObjectUpdateSchema, deleteCustomObject, listCustomObjects, updateCustomObject,
} from './objects.service.ts';

const localised = z.object({ en: z.string(), ru: z.string() });
const customObjectSchema = z.object({
  id: z.uuid(), key: z.string(), type: z.string().describe('The record type name: x_<key>'), label: localised, label_plural: localised,
  name_label: localised, position: z.number(), created_at: z.string(), updated_at: z.string(),
});
const customRecordSchema = z.object({
  id: z.uuid(), owner_id: z.uuid().nullable().optional(), name: z.string().optional(), custom: z.record(z.string(), z.unknown()).optional(),
  created_at: z.string().optional(), updated_at: z.string().optional(),
});
const customValues = z.record(z.string(), z.unknown()).describe('Values of the custom object’s fields, by key');
type CustomRecord = z.infer<typeof customRecordSchema>;
const createBody = z.strictObject({ name: z.string().trim().min(1).max(300), owner_id: z.uuid().optional(), custom: customValues.optional() });
const updateBody = z.strictObject({ name: z.string().trim().min(1).max(300).optional(), owner_id: z.uuid().optional(), custom: customValues.optional() });
const objectKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Not a custom object key');
const keyParams = z.strictObject({ key: objectKey });
const recordParams = z.strictObject({ key: objectKey, id: z.uuid() });

export function registerObjectRoutes(app: ApiApp, { db, records }: ModuleContext) {
  const resolveIn = (ctx: ServiceContext) => records.resolverFor(ctx.db, ctx.principal.workspaceId);
  const typeOf = (workspaceId: string, key: string) => customObjectType(db, workspaceId, key);

  const defTags = ['custom objects'];
  app.get('/api/v1/custom-objects', {
    schema: { tags: defTags, summary: 'The custom objects this workspace has defined', response: { 200: z.object({ data: z.array(customObjectSchema) }) } },
  }, async (request) => listCustomObjects(contextOf(request, db)));
  app.post('/api/v1/custom-objects', {
    schema: { tags: defTags, summary: 'Define a custom object (administrators)', body: customObjectInputSchema, response: { 201: customObjectSchema } },
  }, async (request, reply) => reply.code(201).send(await createCustomObject(contextOf(request, db), request.body)));
  app.patch('/api/v1/custom-objects/:id', {
    schema: { tags: defTags, summary: 'Rename or reorder a custom object', params: z.strictObject({ id: z.uuid() }), body: customObjectUpdateSchema, response: { 200: customObjectSchema } },
  }, async (request) => updateCustomObject(contextOf(request, db), request.params.id, request.body));
  app.delete('/api/v1/custom-objects/:id', {
    schema: { tags: defTags, summary: 'Delete an empty custom object with its fields and views', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteCustomObject(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  const tags = ['custom object records'];
  app.get('/api/v1/objects/:key', {
    schema: { tags, summary: 'List records of a custom object (filters, sort, views as for any list)', params: keyParams, querystring: listQuerySchema, response: { 200: pageSchema(customRecordSchema) } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    const def = await typeOf(ctx.principal.workspaceId, request.params.key);
    const page = await listRecords(ctx, def, { ...request.query, ...(await listCriteria(ctx, def, request.query)) });
    return { ...page, data: page.data as CustomRecord[] };
  });
  app.get('/api/v1/objects/:key/groups', {
    schema: {
      tags, summary: 'Count records of a custom object per value of a field', params: keyParams,
      querystring: z.strictObject({ field: z.string().min(1).max(100), q: listQuerySchema.shape.q, filter: listQuerySchema.shape.filter, view: listQuerySchema.shape.view }),
      response: { 200: z.object({ data: z.array(z.object({ value: z.unknown(), count: z.number() })) }) },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    const def = await typeOf(ctx.principal.workspaceId, request.params.key);
    const { filter } = await listCriteria(ctx, def, request.query);
    return { data: await groupRecords(ctx, def, { field: request.query.field, filter, q: request.query.q }) };
  });
  app.get('/api/v1/objects/:key/export', {
    schema: { tags, summary: 'Export records of a custom object as CSV', params: keyParams, querystring: exportQuerySchema, produces: ['text/csv'] },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    return sendCsvExport(reply, ctx, await typeOf(ctx.principal.workspaceId, request.params.key), request.query);
  });
  app.post('/api/v1/objects/:key', {
    schema: { tags, summary: 'Create a record of a custom object', params: keyParams, body: createBody, response: { 201: customRecordSchema } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const def = await typeOf(ctx.principal.workspaceId, request.params.key);
    return reply.code(201).send(await createRecord(ctx, def, request.body, resolveIn(ctx)) as CustomRecord);
  });
  app.get('/api/v1/objects/:key/:id', {
    schema: { tags, summary: 'Get a record of a custom object', params: recordParams, response: { 200: customRecordSchema } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return getRecord(ctx, await typeOf(ctx.principal.workspaceId, request.params.key), request.params.id) as Promise<CustomRecord>;
  });
  app.patch('/api/v1/objects/:key/:id', {
    schema: { tags, summary: 'Update a record of a custom object', params: recordParams, body: updateBody, response: { 200: customRecordSchema } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return updateRecord(ctx, await typeOf(ctx.principal.workspaceId, request.params.key), request.params.id, request.body, resolveIn(ctx)) as Promise<CustomRecord>;
  });
  app.delete('/api/v1/objects/:key/:id', {
    schema: { tags, summary: 'Delete a record of a custom object', params: recordParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    await deleteRecord(ctx, await typeOf(ctx.principal.workspaceId, request.params.key), request.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/v1/objects/:key/:id/audit', {
    schema: { tags, summary: 'The change history of a record of a custom object', params: recordParams, querystring: pageQuerySchema, response: { 200: pageSchema(auditEntrySchema) } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return findRecordHistory(ctx, await typeOf(ctx.principal.workspaceId, request.params.key), request.params.id, request.query);
  });
}
