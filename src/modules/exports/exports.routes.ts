import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { cancelExport, findExport, listExports, openExportFile, startExport, startExportSchema } from './exports.service.ts';

export const EXPORT_JOB = 'exports.run';

const exportSchema = z.object({
  id: z.uuid(), object_type: z.string(), format: z.enum(['csv', 'vcf']),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled', 'expired']),
  rows_total: z.number().nullable().describe('How many records match, counted when the export starts'),
  rows_done: z.number(), file_bytes: z.number().nullable(), error: z.string().nullable(),
  created_at: z.string(), started_at: z.string().nullable(), finished_at: z.string().nullable(), expires_at: z.string(),
});
const idParams = z.strictObject({ id: z.uuid() });

export function registerExportRoutes(app: ApiApp, { db, jobs, config, records }: ModuleContext) {
  const tags = ['exports'];
  app.post('/api/v1/exports', {
    schema: {
      tags, summary: 'Export a list (a filter, a saved view, a search) to CSV or vCard in the background; poll for progress, then download',
      body: startExportSchema, response: { 202: exportSchema },
    },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const def = await records.resolve(db, ctx.principal.workspaceId, request.body.object_type);
    if (!def) throw PlatformErrors.VALIDATION_FAILED({ field: 'object_type', detail: `There is no record type ${request.body.object_type}` });
    const started = await startExport(ctx, def, request.body, config.dataDir, async (tx, exportId) => {
      await jobs.enqueue(EXPORT_JOB, { workspace_id: ctx.principal.workspaceId, export_id: exportId }, { tx, idempotencyKey: exportId });
    });
    jobs.nudge(EXPORT_JOB);
    return reply.code(202).send(await findExport(ctx, started.id));
  });

  app.get('/api/v1/exports', {
    schema: {
      tags, summary: 'Your recent exports, newest first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ data: z.array(exportSchema) }) },
    },
  }, async (request) => listExports(contextOf(request, db), request.query.limit));

  app.get('/api/v1/exports/:id', {
    schema: { tags, summary: 'An export with its progress', params: idParams, response: { 200: exportSchema } },
  }, async (request) => findExport(contextOf(request, db), request.params.id));

  app.post('/api/v1/exports/:id/cancel', {
    schema: { tags, summary: 'Cancel an export that has not finished', params: idParams, response: { 200: exportSchema } },
  }, async (request) => cancelExport(contextOf(request, db), request.params.id));

  app.get('/api/v1/exports/:id/download', {
    schema: { tags, summary: 'Download a finished export (for a day after it is made)', params: idParams, produces: ['text/csv', 'text/vcard'] },
  }, async (request, reply) => {
    const file = await openExportFile(contextOf(request, db), request.params.id);
    return reply
      .type(file.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/vcard; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.stream);
  });
}
