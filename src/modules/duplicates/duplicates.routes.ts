import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { timestampSchema } from '../../platform/records/record-type.ts';
import {
  DuplicateErrors, dismissCandidate, hasDuplicateRules, listCandidates, listMerges, mergeInputSchema, mergeRecords, undoMerge,
} from './duplicates.service.ts';

export const SCAN_JOB = 'duplicates.scan';
const idParams = z.strictObject({ id: z.uuid() });
const candidateSchema = z.object({
  id: z.uuid(), object_type: z.string(), record_a: z.uuid(), record_b: z.uuid(), reasons: z.array(z.string()).describe('email, phone, inn, similar_name…'),
  score: z.number().describe('0 to 1: how likely the two are one customer'), status: z.string(), created_at: timestampSchema,
  records: z.array(z.record(z.string(), z.unknown())).describe('Both records, as you may see them'),
});
const mergeSchema = z.object({
  id: z.uuid(), object_type: z.string(), survivor_id: z.uuid(), merged_id: z.uuid(), merged_row: z.record(z.string(), z.unknown()),
  actor_id: z.uuid(), created_at: timestampSchema, undone_at: timestampSchema.nullable(),
});

export function registerDuplicateRoutes(app: ApiApp, { db, records, jobs }: ModuleContext) {
  const tags = ['duplicates'];
  const typeOf = (type: string) => {
    const def = records.get(type);
    if (!def || !hasDuplicateRules(def)) throw DuplicateErrors.NOT_MERGEABLE({ field: 'object_type' });
    return def;
  };

  app.get('/api/v1/duplicates', {
    schema: {
      tags, summary: 'Likely duplicates waiting for review, with both records',
      querystring: pageQuerySchema.extend({ object_type: z.string().max(64), status: z.enum(['open', 'merged', 'dismissed']).default('open') }),
      response: { 200: z.object({ data: z.array(candidateSchema), next_cursor: z.string().nullable() }) },
    },
  }, async (request) => listCandidates(contextOf(request, db), typeOf(request.query.object_type), request.query));

  app.post('/api/v1/duplicates/scan', {
    schema: {
      tags, summary: 'Check every record of a type for duplicates, in the background',
      body: z.strictObject({ object_type: z.string().max(64) }), response: { 202: z.object({ job_id: z.string().nullable() }) },
    },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const def = typeOf(request.body.object_type);
    authorize(ctx.principal, def.type, 'update');
    const jobId = await jobs.enqueue(SCAN_JOB, { workspace_id: ctx.principal.workspaceId, object_type: def.type });
    return reply.code(202).send({ job_id: jobId });
  });

  app.post('/api/v1/duplicates/:id/dismiss', {
    schema: { tags, summary: 'Not duplicates: take the pair off the queue', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await dismissCandidate(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/merges', {
    schema: {
      tags, summary: 'Merge one record into another, choosing per field whose value stays; can be undone', body: mergeInputSchema,
      response: {
        200: z.object({
          merge_id: z.uuid(), survivor: z.record(z.string(), z.unknown()),
          moved_references: z.array(z.object({ table: z.string(), column: z.string(), count: z.number() })),
        }),
      },
    },
  }, async (request) => mergeRecords(contextOf(request, db), records, request.body));

  app.get('/api/v1/merges', {
    schema: {
      tags, summary: 'Recent merges', querystring: z.strictObject({ object_type: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ data: z.array(mergeSchema) }) },
    },
  }, async (request) => ({
    data: (await listMerges(contextOf(request, db), records, { objectType: request.query.object_type, limit: request.query.limit })).map((m) => ({
      ...m, created_at: new Date(m.created_at).toISOString(), undone_at: m.undone_at ? new Date(m.undone_at).toISOString() : null,
    })),
  }));

  app.post('/api/v1/merges/:id/undo', {
    schema: {
      tags, summary: 'Undo a merge: the merged record and its references come back', params: idParams,
      response: { 200: z.object({ merge_id: z.uuid(), restored_id: z.uuid(), survivor_id: z.uuid() }) },
    },
  }, async (request) => undoMerge(contextOf(request, db), records, request.params.id));
}
