import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import { timestampSchema } from '../../platform/records/record-type.ts';
import { findTimeline } from './timeline.service.ts';

const timelineEntrySchema = z.object({
  id: z.uuid(),
  occurred_at: timestampSchema,
  event: z.string().describe('the domain event, e.g. activity.created or deal.stage_changed'),
  entity_type: z.string(),
  entity_id: z.uuid(),
  title: z.string().nullable(),
  actor_type: z.string(),
  actor_id: z.uuid().nullable(),
  changes: z.record(z.string(), z.unknown()),
});

export function registerTimelineRoutes(app: ApiApp, { db, records }: ModuleContext) {
  app.get('/api/v1/timeline', {
    schema: {
      tags: ['timeline'],
      summary: 'The chronological history of a person, company, deal or any record, newest first',
      querystring: pageQuerySchema.extend({
        subject_type: z.string().min(1).max(64),
        subject_id: z.uuid(),
        types: z.string().max(500).optional().describe('comma-separated record types to include, e.g. activity,deal'),
      }),
      response: { 200: pageSchema(timelineEntrySchema) },
    },
  }, async (request) => {
    const q = request.query;
    return findTimeline(contextOf(request, db), records, {
      subjectType: q.subject_type, subjectId: q.subject_id, cursor: q.cursor, limit: q.limit,
      entityTypes: q.types ? q.types.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
    });
  });
}
