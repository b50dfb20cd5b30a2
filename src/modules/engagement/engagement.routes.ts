import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  engagementSettingsSchema, engagementStatsSchema, groupedStatsSchema, kpiQuerySchema, kpisSchema, statsQuerySchema,
} from './engagement.schemas.ts';
import { getEngagementSettings, recordClick, recordOpen, updateEngagementSettings } from './engagement.service.ts';
import { engagementKpis, engagementStats, statsScope } from './engagement.stats.ts';
import { trackingTokenSchema } from './tracking-links.ts';

const tags = ['engagement'];
// The smallest transparent GIF (1×1, one colour, transparent).
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function registerEngagementRoutes(app: ApiApp, { db, config }: ModuleContext) {
  app.get('/api/v1/engagement/settings', {
    schema: { tags, summary: 'Tracking and the attribution window', response: { 200: engagementSettingsSchema } },
  }, async (request) => getEngagementSettings(contextOf(request, db)));

  app.put('/api/v1/engagement/settings', {
    schema: { tags, summary: 'Change tracking and the attribution window (administrators; audited)', body: engagementSettingsSchema, response: { 200: engagementSettingsSchema } },
  }, async (request) => updateEngagementSettings(contextOf(request, db), request.body));

  app.get('/api/v1/engagement/stats', {
    schema: {
      tags, summary: 'Sends, deliveries, opens, clicks, unsubscribes, conversions and revenue of a source’s messages; by step or variant with group_by',
      querystring: statsQuerySchema, response: { 200: z.union([engagementStatsSchema, groupedStatsSchema]) },
    },
  }, async (request) => {
    const { source, source_id: sourceId, step_id: stepId, variant, group_by: groupBy } = request.query;
    const ctx = contextOf(request, db);
    const filter = { source, sourceId, stepId, variant, personScope: statsScope(ctx) };
    const workspaceId = ctx.principal.workspaceId;
    return groupBy ? { data: await engagementStats(db, workspaceId, { ...filter, groupBy }) } : engagementStats(db, workspaceId, filter);
  });

  app.get('/api/v1/engagement/kpis', {
    schema: {
      tags, summary: 'Revenue from mailings, share of sales after contact and response conversion for a period',
      querystring: kpiQuerySchema, response: { 200: kpisSchema },
    },
  }, async (request) => engagementKpis(contextOf(request, db), request.query));

  // The pixel and the redirects: outside /api/v1, no session or key; the signed token is the credential.
  app.register(async (scope) => {
    const pub = scope.withTypeProvider<ZodTypeProvider>();
    const noStore = { 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer' };

    // Any token gets the image: a mail client shows nothing broken, and a bad token just counts nothing.
    pub.get('/t/o/:file', { schema: { hide: true, params: z.strictObject({ file: z.string().max(130) }) } }, async (request, reply) => {
      const token = request.params.file.replace(/\.gif$/, '');
      if (trackingTokenSchema.safeParse(token).success) await recordOpen(db, config, token);
      return reply.code(200).headers(noStore).type('image/gif').send(PIXEL);
    });

    pub.get('/t/c/:token', {
      schema: {
        tags, security: [], summary: 'Click redirect: records the click and answers 302 to the link’s original URL; a tampered token is refused',
        params: z.strictObject({ token: trackingTokenSchema }),
      },
    }, async (request, reply) => {
      const url = await recordClick(db, config, request.params.token, request.headers['user-agent']);
      return reply.headers(noStore).redirect(url, 302);
    });
  });
}
