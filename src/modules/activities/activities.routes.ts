import { createEvent } from 'ics';
import { z } from 'zod';
import { defineErrors } from '../../platform/errors.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { activityRecordType } from './activities.records.ts';

export const ActivityErrors = defineErrors({
  ACTIVITY_NOT_A_MEETING: { status: 409, title: 'Only meetings can be exported to a calendar' },
  MEETING_HAS_NO_TIME: { status: 409, title: 'The meeting needs a start and an end time (that you may see)' },
});

/** A meeting as an RFC 5545 calendar file: one VEVENT with a stable UID, so re-imports update it. */
export function registerActivityRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/activities/:id/ics', {
    schema: { tags: ['activities'], summary: 'Download a meeting as an iCalendar (.ics) file', params: z.strictObject({ id: z.uuid() }), produces: ['text/calendar'] },
  }, async (request, reply) => {
    const meeting = await getRecord(contextOf(request, db), activityRecordType, request.params.id);
    if (meeting.kind !== 'meeting') throw ActivityErrors.ACTIVITY_NOT_A_MEETING();
    if (typeof meeting.starts_at !== 'string' || typeof meeting.ends_at !== 'string') throw ActivityErrors.MEETING_HAS_NO_TIME();
    const { error, value } = createEvent({
      productId: 'rapport/crm',
      uid: `${meeting.id}@rapport`,
      title: String(meeting.subject ?? ''),
      start: Date.parse(meeting.starts_at),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(meeting.ends_at),
      endInputType: 'utc',
      endOutputType: 'utc',
      ...(typeof meeting.place === 'string' ? { location: meeting.place } : {}),
      ...(typeof meeting.agenda === 'string' ? { description: meeting.agenda } : {}),
    });
    if (error || !value) throw error ?? new Error('calendar file not generated');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="meeting-${meeting.id}.ics"`)
      .send(value);
  });
}
