import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { contextOf, type ApiApp } from '../http/server.ts';
import { pageQuerySchema, pageSchema } from '../pagination.ts';
import { auditEntrySchema } from '../audit/audit.routes.ts';
import {
  createInputSchema, hiddenColumns, recordOutputSchema, storedColumns, updateInputSchema, type RecordTypeDef,
} from './record-type.ts';
import {
  createRecord, deleteRecord, exportRecords, findRecordHistory, getRecord, listRecords, searchRecords, updateRecord,
} from './records.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const localisedSchema = z.object({ en: z.string(), ru: z.string() });

/** What the web app needs to render lists, forms and the field-rules editor. */
const objectTypeSchema = z.object({
  type: z.string(), plural: z.string(), label: localisedSchema, label_plural: localisedSchema, title_field: z.string(),
  fields: z.array(z.object({
    name: z.string(), label: localisedSchema, kind: z.string(), options: z.array(z.string()).optional(),
    option_labels: z.record(z.string(), localisedSchema).optional(), references: z.string().optional(),
    required: z.boolean(), pii: z.boolean(), sensitive: z.boolean(), is_list_column: z.boolean(),
  })),
});

export class RecordRegistry {
  readonly #types = new Map<string, RecordTypeDef>();

  add(def: RecordTypeDef): void {
    if (this.#types.has(def.type)) throw new Error(`Record type declared twice: ${def.type}`);
    this.#types.set(def.type, def);
  }

  get(type: string): RecordTypeDef | undefined {
    return this.#types.get(type);
  }

  all(): RecordTypeDef[] {
    return [...this.#types.values()];
  }
}

function registerRecordTypeRoutes(app: ApiApp, db: Db, def: RecordTypeDef, registry: RecordRegistry) {
  const base = `/api/v1/${def.plural}`;
  const tags = [def.plural];
  const output = recordOutputSchema(def);
  const resolve = (type: string) => registry.get(type);

  app.get(base, {
    schema: {
      tags, summary: `List ${def.labelPlural.en.toLowerCase()}`,
      querystring: pageQuerySchema.extend({ q: z.string().trim().min(1).max(200).optional() }),
      response: { 200: pageSchema(output) },
    },
  }, async (request) => listRecords(contextOf(request, db), def, request.query));

  app.get(`${base}/export`, {
    schema: { tags, summary: `Export ${def.labelPlural.en.toLowerCase()} as CSV`, produces: ['text/csv'] },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const batches = exportRecords(ctx, def);
    // Pull the first batch before answering, so a permission error is still a proper problem+json.
    const first = await batches.next();
    const hidden = hiddenColumns(ctx.principal, def);
    const columns = storedColumns(def).filter((c) => !hidden.has(c));
    const csv = stringify({ header: true, columns, cast: { object: (v) => JSON.stringify(v) } });
    void (async () => {
      try {
        if (!first.done) for (const row of first.value) csv.write(row);
        for await (const batch of batches) {
          for (const row of batch) if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
        }
        csv.end();
      } catch (error) {
        csv.destroy(error as Error);
      }
    })();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${def.plural}.csv"`)
      .send(csv);
  });

  app.post(base, {
    schema: { tags, summary: `Create a ${def.label.en.toLowerCase()}`, body: createInputSchema(def), response: { 201: output } },
  }, async (request, reply) => reply.code(201).send(await createRecord(contextOf(request, db), def, request.body as Record<string, unknown>, resolve)));

  app.get(`${base}/:id`, {
    schema: { tags, summary: `Get a ${def.label.en.toLowerCase()}`, params: idParams, response: { 200: output } },
  }, async (request) => getRecord(contextOf(request, db), def, request.params.id));

  app.patch(`${base}/:id`, {
    schema: { tags, summary: `Update a ${def.label.en.toLowerCase()}`, params: idParams, body: updateInputSchema(def), response: { 200: output } },
  }, async (request) => updateRecord(contextOf(request, db), def, request.params.id, request.body as Record<string, unknown>, resolve));

  app.delete(`${base}/:id`, {
    schema: { tags, summary: `Delete a ${def.label.en.toLowerCase()}`, params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteRecord(contextOf(request, db), def, request.params.id);
    return reply.code(204).send(null);
  });

  app.get(`${base}/:id/audit`, {
    schema: { tags, summary: `The change history of a ${def.label.en.toLowerCase()}`, params: idParams, querystring: pageQuerySchema, response: { 200: pageSchema(auditEntrySchema) } },
  }, async (request) => findRecordHistory(contextOf(request, db), def, request.params.id, request.query));
}

export function registerRecordRoutes(app: ApiApp, { db, registry }: { db: Db; registry: RecordRegistry }) {
  app.get('/api/v1/object-types', {
    schema: { tags: ['meta'], summary: 'Record types and their fields', response: { 200: z.object({ data: z.array(objectTypeSchema) }) } },
  }, async () => ({
    data: registry.all().map((def) => ({
      type: def.type, plural: def.plural, label: def.label, label_plural: def.labelPlural, title_field: def.titleField,
      fields: def.fields.map((f) => ({
        name: f.name, label: f.label, kind: f.kind, ...(f.references ? { references: f.references } : {}),
        ...(f.options ? { options: [...f.options] } : {}), ...(f.optionLabels ? { option_labels: { ...f.optionLabels } } : {}),
        required: !!f.isRequired, pii: !!f.isPii, sensitive: !!f.isSensitive, is_list_column: !!f.isListColumn,
      })),
    })),
  }));

  app.get('/api/v1/search', {
    schema: {
      tags: ['search'], summary: 'Search every record type you may read',
      querystring: z.strictObject({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { 200: z.object({ data: z.array(z.object({ type: z.string(), plural: z.string(), id: z.uuid(), title: z.string(), subtitle: z.string().nullable() })) }) },
    },
  }, async (request) => ({ data: await searchRecords(contextOf(request, db), registry.all(), request.query.q, request.query.limit) }));

  for (const def of registry.all()) registerRecordTypeRoutes(app, db, def, registry);
}
