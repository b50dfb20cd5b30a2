import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { timestampSchema } from '../../platform/records/record-type.ts';
import {
  cancelImport, findImport, importErrors, listImports, presentImport, startImport, startImportSchema, uploadImportFile,
} from './imports.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const importSchema = z.object({
  id: z.uuid(), object_type: z.string(), file_name: z.string(), file_bytes: z.number(), columns: z.array(z.string()), delimiter: z.string(),
  mapping: z.record(z.string(), z.string().nullable()).nullable(), dedupe_mode: z.string(), is_dry_run: z.boolean(),
  status: z.enum(['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled']),
  rows_processed: z.number(), bytes_processed: z.number(), progress: z.number().describe('0 to 1, by bytes of the file read'),
  rows_created: z.number(), rows_updated: z.number(), rows_skipped: z.number(), rows_failed: z.number(), error: z.string().nullable(),
  created_at: timestampSchema, started_at: timestampSchema.nullable(), finished_at: timestampSchema.nullable(),
});
const uploadedSchema = importSchema.extend({
  sample: z.array(z.array(z.string())).describe('The first rows after the header'),
  suggested_mapping: z.record(z.string(), z.string().nullable()).describe('A guess at column → field, from names and labels'),
});

export const IMPORT_JOB = 'imports.run';

export function registerImportRoutes(app: ApiApp, { db, records, jobs, config }: ModuleContext) {
  const tags = ['imports'];
  // A module's type or one of the workspace's custom objects (x_<key>).
  const typeOf = async (ctx: ServiceContext, type: string) => {
    const def = await records.resolve(ctx.db, ctx.principal.workspaceId, type);
    if (!def) throw PlatformErrors.VALIDATION_FAILED({ field: 'object_type', detail: `There is no record type ${type}` });
    return def;
  };

  // The file is the raw request body (text/csv, or gzip), streamed to disk as it arrives.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
    scope.post('/api/v1/imports', {
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags, summary: 'Upload a CSV file (plain or gzip) as the raw body; returns its columns, first rows and a suggested mapping',
        querystring: z.strictObject({ object_type: z.string().min(1).max(64).describe('A record type: person, company, … or a custom object as x_<key>'), file_name: z.string().min(1).max(300).default('import.csv') }),
        response: { 201: uploadedSchema },
      },
    }, async (request, reply) => {
      if (!(request.body instanceof Readable)) {
        throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'Send the file as the request body with Content-Type text/csv or application/gzip' });
      }
      const ctx = contextOf(request, db);
      const uploaded = await uploadImportFile(ctx, await typeOf(ctx, request.query.object_type), { fileName: request.query.file_name, body: request.body }, config.dataDir);
      return reply.code(201).send(uploaded);
    });
  });

  app.get('/api/v1/imports', {
    schema: {
      tags, summary: 'Your recent imports', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ data: z.array(importSchema) }) },
    },
  }, async (request) => ({ data: (await listImports(contextOf(request, db), request.query)).map(presentImport) }));

  app.get('/api/v1/imports/:id', {
    schema: { tags, summary: 'An import with its progress and counts', params: idParams, response: { 200: importSchema } },
  }, async (request) => presentImport(await findImport(contextOf(request, db), request.params.id)));

  app.post('/api/v1/imports/:id/start', {
    schema: {
      tags, summary: 'Start an uploaded import (or a dry run) with a column mapping and a duplicate rule',
      params: idParams, body: startImportSchema, response: { 202: importSchema },
    },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const job = await findImport(ctx, request.params.id);
    const started = await startImport(ctx, await typeOf(ctx, job.object_type), request.params.id, request.body, async (tx, importId) => {
      await jobs.enqueue(IMPORT_JOB, { workspace_id: ctx.principal.workspaceId, import_id: importId }, { tx, idempotencyKey: importId });
    });
    jobs.nudge(IMPORT_JOB);
    return reply.code(202).send(presentImport(started));
  });

  app.post('/api/v1/imports/:id/cancel', {
    schema: { tags, summary: 'Cancel an import; batches already written stay', params: idParams, response: { 200: importSchema } },
  }, async (request) => presentImport(await cancelImport(contextOf(request, db), request.params.id)));

  app.get('/api/v1/imports/:id/errors', {
    schema: {
      tags, summary: 'The error report as CSV: row number (the header is row 1), column, value, reason (English) and its stable code', params: idParams, produces: ['text/csv'],
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(10_000_000).optional().describe('At most this many errors, e.g. for a preview') }),
    },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    await findImport(ctx, request.params.id);
    const csv = stringify({ header: true, columns: ['row_number', 'column_name', 'value', 'message', 'code'] });
    let left = request.query.limit ?? Infinity;
    void (async () => {
      try {
        for await (const page of importErrors(ctx, request.params.id)) {
          for (const row of page.slice(0, left)) if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
          left -= page.length;
          if (left <= 0) break;
        }
        csv.end();
      } catch (error) {
        csv.destroy(error as Error);
      }
    })();
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-errors-${request.params.id}.csv"`).send(csv);
  });
}
