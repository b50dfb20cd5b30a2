import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import { timestampSchema } from '../../platform/records/record-type.ts';
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.ts';

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['reminder_due', 'assigned']).describe('reminder_due: a task’s reminder came due; assigned: an activity or a lead was given to you'),
  entity_type: z.string().describe('The record it is about, e.g. activity or lead'),
  entity_id: z.uuid(),
  title: z.string().nullable().describe('The record’s title when the notification was made'),
  created_at: timestampSchema,
  read_at: timestampSchema.nullable(),
  is_read: z.boolean(),
});
const countSchema = z.object({ count: z.number().int() });
const idParams = z.strictObject({ id: z.uuid() });

export function registerNotificationRoutes(app: ApiApp, { db }: ModuleContext) {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', {
    schema: {
      tags, summary: 'Your notifications, newest first',
      querystring: pageQuerySchema.extend({ status: z.enum(['all', 'unread']).default('all') }),
      response: { 200: pageSchema(notificationSchema) },
    },
  }, async (request) => {
    const { limit, cursor, status } = request.query;
    return listNotifications(contextOf(request, db), { limit, cursor, isUnreadOnly: status === 'unread' });
  });

  app.get('/api/v1/notifications/unread-count', {
    schema: { tags, summary: 'How many of your notifications are unread', response: { 200: countSchema } },
  }, async (request) => countUnreadNotifications(contextOf(request, db)));

  app.post('/api/v1/notifications/:id/read', {
    schema: { tags, summary: 'Mark one of your notifications read', params: idParams, response: { 200: notificationSchema } },
  }, async (request) => markNotificationRead(contextOf(request, db), request.params.id));

  app.post('/api/v1/notifications/read-all', {
    schema: { tags, summary: 'Mark all your notifications read; answers how many were unread', response: { 200: countSchema } },
  }, async (request) => markAllNotificationsRead(contextOf(request, db)));
}
