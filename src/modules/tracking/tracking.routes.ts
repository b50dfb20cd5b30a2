import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import { EVENT_RETENTION_DAYS } from './derived-state.service.ts';
import {
  getPersonActivity, getTrackingSettings, listPersonEvents, rotateWriteKey, TrackingErrors, updateTrackingSettings, updateTrackingSettingsSchema, workspaceForWriteKey,
} from './tracking-settings.service.ts';
import { eventBatchSchema, MAX_BATCH } from './tracking.schemas.ts';
import { ingestEvents } from './tracking.service.ts';

const SNIPPET = fs.readFileSync(path.join(import.meta.dirname, 'snippet', 'rapport-track.js'), 'utf8');

const ingestResponse = z.object({
  accepted: z.number().describe('events stored'),
  duplicates: z.number().describe('events already stored before (a retried batch)'),
  rejected: z.array(z.object({ index: z.number(), field: z.string(), reason: z.string() })).describe('events left out, by their index in the batch'),
});

const settingsResponse = z.object({
  write_key: z.string(), allowed_origins: z.array(z.string()), cart_abandon_minutes: z.number(), sleeping_after_days: z.number(),
  snippet_url: z.string(), events_url: z.string(),
});

const eventResponse = z.object({
  id: z.uuid(), type: z.string(), occurred_at: z.string(), url: z.string().nullable(), visitor_id: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()), source: z.string(),
});

const activityResponse = z.object({
  engagement: z.object({ status: z.string(), last_site_at: z.string().nullable(), last_email_at: z.string().nullable(), status_changed_at: z.string() }).nullable(),
  open_cart: z.object({ id: z.uuid(), items: z.record(z.string(), z.unknown()), value: z.string(), currency: z.string().nullable(), updated_at: z.string(), checkout_started_at: z.string().nullable() }).nullable(),
  visitors: z.number(),
});

/** CORS for the snippet: the site must be one the workspace allows (any, until it lists some). */
function allowOrigin(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.length > 0 && !allowed.includes(origin)) return false;
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  return true;
}

export function registerTrackingRoutes(app: ApiApp, { db, records }: ModuleContext) {
  app.post('/api/v1/events/batch', {
    schema: {
      tags: ['tracking'],
      summary: 'Report up to 1,000 behavioural events; each is checked on its own, bad ones are listed by index and the rest kept',
      body: eventBatchSchema, response: { 200: ingestResponse },
    },
  }, async (request) => {
    const ctx = contextOf(request, db);
    return ingestEvents(ctx, records.resolverFor(db, ctx.principal.workspaceId), request.body.events, { isPublic: false, maxAgeDays: EVENT_RETENTION_DAYS, source: 'api' });
  });

  app.get('/api/v1/tracking/settings', {
    schema: { tags: ['tracking'], summary: 'The site snippet’s write key, allowed sites, and the waits for abandoned carts and sleeping customers', response: { 200: settingsResponse } },
  }, async (request) => getTrackingSettings(contextOf(request, db)));

  app.patch('/api/v1/tracking/settings', {
    schema: { tags: ['tracking'], summary: 'Change the allowed sites and the waits', body: updateTrackingSettingsSchema, response: { 200: settingsResponse } },
  }, async (request) => updateTrackingSettings(contextOf(request, db), request.body));

  app.post('/api/v1/tracking/settings/rotate-key', {
    schema: { tags: ['tracking'], summary: 'Replace the write key; sites must be given the new one', response: { 200: settingsResponse } },
  }, async (request) => rotateWriteKey(contextOf(request, db)));

  app.get('/api/v1/people/:id/events', {
    schema: {
      tags: ['tracking'], summary: 'A person’s behavioural events, newest first',
      params: z.strictObject({ id: z.uuid() }), querystring: pageQuerySchema, response: { 200: pageSchema(eventResponse) },
    },
  }, async (request) => listPersonEvents(contextOf(request, db), request.params.id, request.query));

  app.get('/api/v1/people/:id/activity', {
    schema: {
      tags: ['tracking'], summary: 'A person’s engagement (active or sleeping, last site and email activity) and open cart',
      params: z.strictObject({ id: z.uuid() }), response: { 200: activityResponse },
    },
  }, async (request) => getPersonActivity(contextOf(request, db), request.params.id));

  // The browser snippet and its endpoint: public, keyed by the workspace's write key.
  app.get('/t/rapport-track.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SNIPPET));

  app.options('/t/:write_key/events', { schema: { hide: true } }, async (request, reply) => {
    const site = await workspaceForWriteKey(db, (request.params as { write_key: string }).write_key);
    if (!site || !allowOrigin(request, reply, site.allowed_origins)) return reply.code(403).send();
    return reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').code(204).send();
  });

  app.post('/t/:write_key/events', {
    schema: { hide: true },
    bodyLimit: MAX_BATCH * 4 * 1024,
    config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const site = await workspaceForWriteKey(db, (request.params as { write_key: string }).write_key);
    if (!site) throw TrackingErrors.WRITE_KEY_UNKNOWN();
    if (!allowOrigin(request, reply, site.allowed_origins)) throw TrackingErrors.ORIGIN_NOT_ALLOWED({ field: 'Origin' });
    // Browsers send the batch as text/plain (sendBeacon, and no preflight): parse it here.
    let body: unknown = request.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        throw TrackingErrors.BATCH_NOT_JSON();
      }
    }
    const batch = eventBatchSchema.parse(body);
    const ctx = { db, principal: systemPrincipal(site.workspace_id), requestId: String(request.id) };
    return ingestEvents(ctx, records.resolverFor(db, site.workspace_id), batch.events, { isPublic: true, maxAgeDays: 7, source: 'web' });
  });
}
