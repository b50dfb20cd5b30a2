import { createEvent } from 'ics';
import { z } from 'zod';
import { defineErrors } from '../../platform/errors.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { activityRecordType } from './activities.records.ts';
import { listParticipants, participantsSchema, setParticipants } from './participants.service.ts';

export const ActivityErrors = defineErrors({
  ACTIVITY_NOT_A_MEETING: { status: 409, title: 'Only meetings can be exported to a calendar' },
  MEETING_HAS_NO_TIME: { status: 409, title: 'The meeting needs a start and an end time (that you may see)' },
});

/** A meeting as an RFC 5545 calendar file: one VEVENT with a stable UID, so re-imports update it. */
const participantsOutput = z.object({
  data: z.array(z.object({ person_id: z.uuid().nullable(), user_id: z.uuid().nullable(), email: z.string().nullable(), name: z.string().nullable() })),
});

export function registerActivityRoutes(app: ApiApp, { db }: ModuleContext) {
  const idParams = z.strictObject({ id: z.uuid() });
  app.get('/api/v1/activities/:id/participants', {
    schema: { tags: ['activities'], summary: 'Who takes part in a meeting: people, members and other addresses', params: idParams, response: { 200: participantsOutput } },
  }, async (request) => listParticipants(contextOf(request, db), request.params.id));

  app.put('/api/v1/activities/:id/participants', {
    schema: {
      tags: ['activities'], summary: 'Replace a meeting’s participants: each is { person_id }, { user_id } or { email, name? }',
      params: idParams, body: participantsSchema, response: { 200: participantsOutput },
    },
  }, async (request) => setParticipants(contextOf(request, db), request.params.id, request.body));

  app.get('/api/v1/activities/:id/ics', {
    schema: { tags: ['activities'], summary: 'Download a meeting as an iCalendar (.ics) file', params: z.strictObject({ id: z.uuid() }), produces: ['text/calendar'] },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const meeting = await getRecord(ctx, activityRecordType, request.params.id);
    if (meeting.kind !== 'meeting') throw ActivityErrors.ACTIVITY_NOT_A_MEETING();
    const { data: participants } = await listParticipants(ctx, meeting.id as string);
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
      // Participants the reader may see the address of; the others stay out of the file.
      attendees: participants.filter((p) => p.email).map((p) => ({ email: p.email!, ...(p.name ? { name: p.name } : {}), rsvp: true, role: 'REQ-PARTICIPANT' as const })),
    });
    if (error || !value) throw error ?? new Error('calendar file not generated');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="meeting-${meeting.id}.ics"`)
      .send(value);
  });
}
