import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import {
  addListMembers, importListMembers, listSegmentHistory, listSegmentMembers, personSegments, removeListMembers,
} from './segment-members.service.ts';
import {
  csvImportResultSchema, csvImportSchema, evaluationSchema, memberSchema, membersChangeSchema, membershipEventSchema,
  personIdsSchema, personSegmentsSchema, previewInputSchema, previewSchema, segmentInputSchema, segmentSchema, segmentUpdateSchema,
} from './segments.schemas.ts';
import {
  createSegment, deleteSegment, evaluateSegmentNow, getSegment, listSegments, previewSegment, updateSegment,
} from './segments.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

export function registerSegmentRoutes(app: ApiApp, { db }: ModuleContext) {
  const tags = ['segments'];
  app.get('/api/v1/segments', {
    schema: { tags, summary: 'Segments and static lists, by name, with their sizes', response: { 200: z.object({ data: z.array(segmentSchema) }) } },
  }, async (request) => listSegments(contextOf(request, db)));

  app.post('/api/v1/segments', {
    schema: { tags, summary: 'Create a dynamic segment (rules) or a static list; a dynamic one is evaluated at once', body: segmentInputSchema, response: { 201: segmentSchema } },
  }, async (request, reply) => reply.code(201).send(await createSegment(contextOf(request, db), request.body)));

  app.post('/api/v1/segments/preview', {
    schema: { tags, summary: 'The size of unsaved rules and a sample of up to 20 members the reader may see', body: previewInputSchema, response: { 200: previewSchema } },
  }, async (request) => previewSegment(contextOf(request, db), request.body.rules));

  app.get('/api/v1/segments/:id', {
    schema: { tags, summary: 'A segment', params: idParams, response: { 200: segmentSchema } },
  }, async (request) => getSegment(contextOf(request, db), request.params.id));

  app.patch('/api/v1/segments/:id', {
    schema: { tags, summary: 'Rename, describe or change the rules of a segment; new rules are evaluated at once', params: idParams, body: segmentUpdateSchema, response: { 200: segmentSchema } },
  }, async (request) => updateSegment(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/segments/:id', {
    schema: { tags, summary: 'Delete a segment no other segment includes; its history stays', params: idParams },
  }, async (request, reply) => {
    await deleteSegment(contextOf(request, db), request.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/segments/:id/evaluate', {
    schema: { tags, summary: 'Evaluate a dynamic segment now, and the segments that include it', params: idParams, response: { 200: evaluationSchema } },
  }, async (request) => evaluateSegmentNow(contextOf(request, db), request.params.id));

  app.get('/api/v1/segments/:id/members', {
    schema: { tags, summary: 'Current members the reader may see, with when they entered', params: idParams, querystring: pageQuerySchema, response: { 200: pageSchema(memberSchema) } },
  }, async (request) => listSegmentMembers(contextOf(request, db), request.params.id, request.query));

  app.get('/api/v1/segments/:id/history', {
    schema: { tags, summary: 'Entries and exits, newest first', params: idParams, querystring: pageQuerySchema, response: { 200: pageSchema(membershipEventSchema) } },
  }, async (request) => listSegmentHistory(contextOf(request, db), request.params.id, request.query));

  app.post('/api/v1/segments/:id/members', {
    schema: { tags, summary: 'Add people to a static list', params: idParams, body: personIdsSchema, response: { 200: membersChangeSchema } },
  }, async (request) => addListMembers(contextOf(request, db), request.params.id, request.body.person_ids));

  app.post('/api/v1/segments/:id/members/remove', {
    schema: { tags, summary: 'Remove people from a static list', params: idParams, body: personIdsSchema, response: { 200: membersChangeSchema } },
  }, async (request) => removeListMembers(contextOf(request, db), request.params.id, request.body.person_ids));

  app.post('/api/v1/segments/:id/import', {
    schema: {
      tags, summary: 'Add the people a CSV names by email or phone to a static list; rows nobody matched are reported',
      params: idParams, body: csvImportSchema, response: { 200: csvImportResultSchema },
    },
  }, async (request) => importListMembers(contextOf(request, db), request.params.id, request.body.csv));

  app.get('/api/v1/people/:id/segments', {
    schema: { tags, summary: 'A person’s segments and their latest entries and exits', params: idParams, response: { 200: personSegmentsSchema } },
  }, async (request) => personSegments(contextOf(request, db), request.params.id));
}
