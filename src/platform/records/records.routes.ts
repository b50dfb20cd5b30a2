import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { contextOf, type ApiApp } from '../http/server.ts';
import { pageQuerySchema, pageSchema } from '../pagination.ts';
import { auditEntrySchema } from '../audit/audit.routes.ts';
import {
  createInputSchema, recordOutputSchema, timestampSchema, updateInputSchema, type OptionChoice, type RecordFieldDef, type RecordTypeDef,
} from './record-type.ts';
import {
  createRecord, deleteRecord, findRecordHistory, getRecord, groupRecords, listRecords, openExport, searchRecords, updateRecord,
} from './records.service.ts';
import type { ServiceContext } from '../context.ts';
import { PlatformErrors } from '../errors.ts';
import { opsFor, parseFilter, parseFilterParam, type Filter } from './filter.ts';
import {
  createCustomField, customFieldInputSchema, customFieldUpdateSchema, deleteCustomField, listCustomFields, presentCustomField, updateCustomField,
  toFieldDef, type CustomFieldRow,
} from './custom-fields.ts';
import {
  createView, deleteView, findView, listViews, presentView, savedViewInputSchema, savedViewUpdateSchema, updateView,
} from './saved-views.ts';

const idParams = z.strictObject({ id: z.uuid() });
const localisedSchema = z.object({ en: z.string(), ru: z.string() });

/** What the web app needs to render lists, forms and the field-rules editor. */
const objectTypeSchema = z.object({
  type: z.string(), plural: z.string(),
  api_path: z.string().describe('Where the type’s records are served, under /api/v1'),
  is_custom_object: z.boolean().describe('A type the workspace defined (a custom object)'), label: localisedSchema, label_plural: localisedSchema, title_field: z.string(),
  fields: z.array(z.object({
    name: z.string(), label: localisedSchema, kind: z.string(), options: z.array(z.string()).optional(),
    option_labels: z.record(z.string(), localisedSchema).optional(), references: z.string().optional(),
    required: z.boolean(), pii: z.boolean(), sensitive: z.boolean(), is_list_column: z.boolean(),
    is_custom: z.boolean(), ops: z.array(z.string()).describe('Filter operators this field accepts'),
    depends_on: z.object({
      field: z.string(),
      options: z.record(z.string(), z.array(z.object({ value: z.string(), label: localisedSchema }))),
    }).optional().describe('A select whose options depend on another field (a deal’s stages on its pipeline): per value of `field`, the options in order; '
      + '"" while it is empty. `options` and `option_labels` are then the union, for filters across records'),
  })),
  computed_fields: z.array(z.object({ name: z.string(), label: localisedSchema, kind: z.string(), ops: z.array(z.string()), is_list_column: z.boolean() }))
    .describe('Read-only values the system maintains (e.g. a lead’s response deadline); they filter and sort like fields'),
  dedupe_keys: z.array(z.string()).describe('Fields an import matches existing records on (email, INN, a custom object’s name); empty: every row is a new record'),
});

/** The list query: paging, quick search, a saved view, and the filter language as JSON text. */
export const listQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional(),
  filter: z.string().max(20_000).optional().describe('A filter as JSON, e.g. {"field":"city","op":"eq","value":"Москва"}; see docs/filters.md'),
  sort: z.string().min(1).max(110).optional().describe('A field to sort by; prefix with - for descending'),
  view: z.uuid().optional().describe('Apply a saved view: its filter (combined with `filter` by AND) and its sort'),
});

/** What an export takes: a quick search, a filter, a saved view. */
export const exportQuerySchema = z.strictObject({ q: listQuerySchema.shape.q, filter: listQuerySchema.shape.filter, view: listQuerySchema.shape.view });

/** The filter and sort a list request asks for, a saved view's included. */
export async function listCriteria(ctx: ServiceContext, def: RecordTypeDef, query: { filter?: string; sort?: string; view?: string }) {
  const filters: Filter[] = [];
  let sort = query.sort;
  if (query.view) {
    const view = await findView(ctx, query.view);
    if (view.object_type !== def.type) throw PlatformErrors.VALIDATION_FAILED({ field: 'view', detail: `That view lists ${view.object_type} records` });
    if (view.filter) filters.push(parseFilter(view.filter));
    sort ??= view.sort ?? undefined;
  }
  if (query.filter) filters.push(parseFilterParam(query.filter));
  const filter: Filter | undefined = filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { and: filters };
  return { filter, sort };
}

const customFieldSchema = z.object({
  id: z.uuid(), object_type: z.string(), key: z.string(), name: z.string(), label: z.string(), kind: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(), references: z.string().nullable(),
  is_required: z.boolean(), classification: z.enum(['plain', 'personal', 'sensitive']), is_pii: z.boolean(), position: z.number(),
  created_at: timestampSchema, updated_at: timestampSchema,
});
const savedViewSchema = z.object({
  id: z.uuid(), object_type: z.string(), name: z.string(), owner_id: z.uuid(), is_shared: z.boolean(),
  filter: z.record(z.string(), z.unknown()).nullable(), sort: z.string().nullable(), columns: z.array(z.string()),
  group_by: z.string().nullable(), layout: z.string(), created_at: timestampSchema, updated_at: timestampSchema,
});

/** Record types a workspace defines for itself at run time (custom objects). */
export type WorkspaceTypeSource = (db: Db, workspaceId: string) => Promise<RecordTypeDef[]>;

/**
 * The record types: those modules declare (fixed, with routes of their own) and those each
 * workspace defines (custom objects, looked up per request through a source).
 */
export class RecordRegistry {
  readonly #types = new Map<string, RecordTypeDef>();
  readonly #sources: WorkspaceTypeSource[] = [];

  add(def: RecordTypeDef): void {
    if (this.#types.has(def.type)) throw new Error(`Record type declared twice: ${def.type}`);
    this.#types.set(def.type, def);
  }

  addWorkspaceSource(source: WorkspaceTypeSource): void {
    this.#sources.push(source);
  }

  /** A module-declared type. */
  get(type: string): RecordTypeDef | undefined {
    return this.#types.get(type);
  }

  /** The module-declared types. */
  all(): RecordTypeDef[] {
    return [...this.#types.values()];
  }

  /** Every type a workspace has: the declared ones, then its own. */
  async forWorkspace(db: Db, workspaceId: string): Promise<RecordTypeDef[]> {
    const own = await Promise.all(this.#sources.map((source) => source(db, workspaceId)));
    return [...this.all(), ...own.flat()];
  }

  /** A declared type, or one of the workspace's own. */
  async resolve(db: Db, workspaceId: string, type: string): Promise<RecordTypeDef | undefined> {
    return this.get(type) ?? (await this.forWorkspace(db, workspaceId)).find((def) => def.type === type);
  }

  /** `resolve` bound to a workspace: what record writes take to check references, custom objects' included. */
  resolverFor(db: Db, workspaceId: string): (type: string) => Promise<RecordTypeDef | undefined> {
    return (type) => this.resolve(db, workspaceId, type);
  }
}

/**
 * Streams an export of a type's records as CSV. Permission and filter are checked before
 * answering, so errors are still proper problem+json.
 */
export async function sendCsvExport(reply: FastifyReply, ctx: ServiceContext, def: RecordTypeDef, query: z.infer<typeof exportQuerySchema>) {
  const { filter } = await listCriteria(ctx, def, query);
  const { columns, batches } = await openExport(ctx, def, { filter, q: query.q });
  const csv = stringify({ header: true, columns, cast: { object: (v) => JSON.stringify(v) } });
  void (async () => {
    try {
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
}

function registerRecordTypeRoutes(app: ApiApp, db: Db, def: RecordTypeDef, registry: RecordRegistry) {
  const base = `/api/v1/${def.plural}`;
  const tags = [def.plural];
  const output = recordOutputSchema(def);
  const resolveIn = (ctx: ServiceContext) => registry.resolverFor(ctx.db, ctx.principal.workspaceId);

  app.get(base, {
    schema: {
      tags, summary: `List ${def.labelPlural.en.toLowerCase()}`,
      querystring: listQuerySchema,
      response: { 200: pageSchema(output) },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return listRecords(ctx, def, { ...request.query, ...(await listCriteria(ctx, def, request.query)) });
  });

  app.get(`${base}/groups`, {
    schema: {
      tags, summary: `Count ${def.labelPlural.en.toLowerCase()} per value of a field`,
      querystring: z.strictObject({
        field: z.string().min(1).max(100), q: listQuerySchema.shape.q, filter: listQuerySchema.shape.filter, view: listQuerySchema.shape.view,
      }),
      response: { 200: z.object({ data: z.array(z.object({ value: z.unknown(), count: z.number() })) }) },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    const { filter } = await listCriteria(ctx, def, request.query);
    return { data: await groupRecords(ctx, def, { field: request.query.field, filter, q: request.query.q }) };
  });

  app.get(`${base}/export`, {
    schema: {
      tags, summary: `Export ${def.labelPlural.en.toLowerCase()} as CSV`, produces: ['text/csv'],
      querystring: exportQuerySchema,
    },
  }, async (request, reply) => sendCsvExport(reply, contextOf(request, db), def, request.query));

  app.post(base, {
    schema: { tags, summary: `Create a ${def.label.en.toLowerCase()}`, body: createInputSchema(def), response: { 201: output } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    return reply.code(201).send(await createRecord(ctx, def, request.body as Record<string, unknown>, resolveIn(ctx)));
  });

  app.get(`${base}/:id`, {
    schema: { tags, summary: `Get a ${def.label.en.toLowerCase()}`, params: idParams, response: { 200: output } },
  }, async (request) => getRecord(contextOf(request, db), def, request.params.id));

  app.patch(`${base}/:id`, {
    schema: { tags, summary: `Update a ${def.label.en.toLowerCase()}`, params: idParams, body: updateInputSchema(def), response: { 200: output } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return updateRecord(ctx, def, request.params.id, request.body as Record<string, unknown>, resolveIn(ctx));
  });

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

/**
 * Every value of a dependent select's sets, in the order first met. A value named differently in
 * several sets (a stage key two pipelines share) shows each name, so a filter across them says
 * what it matches.
 */
function unionOfOptionSets(sets: Record<string, OptionChoice[]>): OptionChoice[] {
  const names = new Map<string, { en: Set<string>; ru: Set<string> }>();
  for (const set of Object.values(sets)) {
    for (const { value, label } of set) {
      const seen = names.get(value) ?? { en: new Set<string>(), ru: new Set<string>() };
      if (label.en) seen.en.add(label.en);
      if (label.ru) seen.ru.add(label.ru);
      names.set(value, seen);
    }
  }
  return [...names].map(([value, seen]) => ({ value, label: { en: [...seen.en].join(' / '), ru: [...seen.ru].join(' / ') } }));
}

export function registerRecordRoutes(app: ApiApp, { db, registry }: { db: Db; registry: RecordRegistry }) {
  const describeField = (f: RecordFieldDef) => ({
    name: f.name, label: f.label, kind: f.kind, ...(f.references ? { references: f.references } : {}),
    ...(f.options ? { options: [...f.options] } : {}), ...(f.optionLabels ? { option_labels: { ...f.optionLabels } } : {}),
    required: !!f.isRequired, pii: !!f.isPii, sensitive: !!f.isSensitive, is_list_column: !!f.isListColumn,
    is_custom: !!f.customKey, ops: [...opsFor(f.kind)],
  });
  app.get('/api/v1/object-types', {
    schema: { tags: ['meta'], summary: 'Record types and their fields, the workspace’s custom fields included', response: { 200: z.object({ data: z.array(objectTypeSchema) }) } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    const custom = await listCustomFields(ctx);
    const describeWithOptions = async (f: RecordFieldDef) => {
      if (f.dependentOptions) {
        const sets = await f.dependentOptions.load(db, ctx.principal.workspaceId);
        const union = unionOfOptionSets(sets);
        return {
          ...describeField({ ...f, options: union.map((o) => o.value), optionLabels: Object.fromEntries(union.map((o) => [o.value, o.label])) }),
          depends_on: { field: f.dependentOptions.field, options: sets },
        };
      }
      if (!f.workspaceOptions) return describeField(f);
      const options = await f.workspaceOptions(db, ctx.principal.workspaceId);
      return describeField({ ...f, options: Object.keys(options), optionLabels: options });
    };
    const types = await registry.forWorkspace(db, ctx.principal.workspaceId);
    return {
      data: await Promise.all(types.map(async (def) => ({
        type: def.type, plural: def.plural, label: def.label, label_plural: def.labelPlural, title_field: def.titleField,
        api_path: def.apiPath ?? `/${def.plural}`, is_custom_object: !!def.partition,
        fields: await Promise.all([...def.fields, ...custom.filter((c) => c.object_type === def.type).map(toFieldDef)].map(describeWithOptions)),
        computed_fields: (def.computedFields ?? []).filter((c) => c.label).map((c) => ({
          name: c.name, label: c.label!, kind: c.kind ?? 'text', ops: [...opsFor(c.kind ?? 'text')], is_list_column: !!c.isListColumn,
        })),
        dedupe_keys: [...(def.dedupeKeys ?? [])],
      }))),
    };
  });

  const knownTypes = async (workspaceId: string) => new Set((await registry.forWorkspace(db, workspaceId)).map((d) => d.type));
  const customTags = ['custom fields'];
  const presentField = (row: CustomFieldRow) => presentCustomField(row);
  app.get('/api/v1/custom-fields', {
    schema: {
      tags: customTags, summary: 'List custom fields', querystring: z.strictObject({ object_type: z.string().max(64).optional() }),
      response: { 200: z.object({ data: z.array(customFieldSchema) }) },
    },
  }, async (request) => ({ data: (await listCustomFields(contextOf(request, db), request.query.object_type)).map(presentField) }));
  app.post('/api/v1/custom-fields', {
    schema: { tags: customTags, summary: 'Add a custom field to a record type', body: customFieldInputSchema, response: { 201: customFieldSchema } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    return reply.code(201).send(presentField(await createCustomField(ctx, request.body, await knownTypes(ctx.principal.workspaceId))));
  });
  app.patch('/api/v1/custom-fields/:id', {
    schema: { tags: customTags, summary: 'Rename a custom field or change its options', params: idParams, body: customFieldUpdateSchema, response: { 200: customFieldSchema } },
  }, async (request) => presentField(await updateCustomField(contextOf(request, db), request.params.id, request.body)));
  app.delete('/api/v1/custom-fields/:id', {
    schema: { tags: customTags, summary: 'Delete a custom field and, in the background, its values', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteCustomField(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  const viewTags = ['views'];
  const typeOrFail = async (ctx: ServiceContext, type: string) => {
    const def = await registry.resolve(db, ctx.principal.workspaceId, type);
    if (!def) throw PlatformErrors.VALIDATION_FAILED({ field: 'object_type', detail: `There is no record type ${type}` });
    return def;
  };
  app.get('/api/v1/views', {
    schema: {
      tags: viewTags, summary: 'Your views and the shared ones', querystring: z.strictObject({ object_type: z.string().max(64).optional() }),
      response: { 200: z.object({ data: z.array(savedViewSchema) }) },
    },
  }, async (request) => ({ data: (await listViews(contextOf(request, db), request.query.object_type)).map(presentView) }));
  app.get('/api/v1/views/:id', {
    schema: { tags: viewTags, summary: 'Get a view', params: idParams, response: { 200: savedViewSchema } },
  }, async (request) => presentView(await findView(contextOf(request, db), request.params.id)));
  app.post('/api/v1/views', {
    schema: { tags: viewTags, summary: 'Save a view', body: savedViewInputSchema, response: { 201: savedViewSchema } },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    return reply.code(201).send(presentView(await createView(ctx, await typeOrFail(ctx, request.body.object_type), request.body)));
  });
  app.patch('/api/v1/views/:id', {
    schema: { tags: viewTags, summary: 'Change a view', params: idParams, body: savedViewUpdateSchema, response: { 200: savedViewSchema } },
  }, async (request) => {
    const ctx = contextOf(request, db);
    const types = await registry.forWorkspace(db, ctx.principal.workspaceId);
    return presentView(await updateView(ctx, (type) => types.find((def) => def.type === type), request.params.id, request.body));
  });
  app.delete('/api/v1/views/:id', {
    schema: { tags: viewTags, summary: 'Delete a view', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteView(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/search', {
    schema: {
      tags: ['search'], summary: 'Search every record type you may read',
      querystring: z.strictObject({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { 200: z.object({ data: z.array(z.object({ type: z.string(), plural: z.string(), id: z.uuid(), title: z.string(), subtitle: z.string().nullable() })) }) },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return { data: await searchRecords(ctx, await registry.forWorkspace(db, ctx.principal.workspaceId), request.query.q, request.query.limit) };
  });

  for (const def of registry.all()) registerRecordTypeRoutes(app, db, def, registry);
}
