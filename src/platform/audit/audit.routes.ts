import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { contextOf, type ApiApp } from '../http/server.ts';
import { decodeCursor, pageQuerySchema, pageSchema } from '../pagination.ts';
import { pageOfAudit } from '../records/records.service.ts';
import { timestampSchema } from '../records/record-type.ts';
import { findAuditEntries } from './audit.service.ts';

export const auditEntrySchema = z.object({
  id: z.uuid(),
  occurred_at: timestampSchema,
  actor_type: z.enum(['user', 'api_key', 'system']),
  actor_id: z.uuid().nullable(),
  actor_name: z.string().nullable(),
  entity_type: z.string(),
  entity_id: z.uuid().nullable(),
  action: z.string(),
  changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
  request_id: z.string().nullable(),
});

/** The audit log is read-only over HTTP: there is deliberately no route that writes or deletes it. */
export function registerAuditRoutes(app: ApiApp, { db }: { db: Db }) {
  app.get('/api/v1/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Query the workspace audit log (administrators)',
      querystring: pageQuerySchema.extend({
        entity_type: z.string().max(64).optional(),
        entity_id: z.uuid().optional(),
        actor_id: z.uuid().optional(),
        action: z.string().max(64).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
      }),
      response: { 200: pageSchema(auditEntrySchema) },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await findAuditEntries(contextOf(request, db), {
      entityType: q.entity_type, entityId: q.entity_id, actorId: q.actor_id, action: q.action,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
      beforeId: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit,
    });
    return pageOfAudit(rows, q.limit);
  });
}
