import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema, pageSchema } from '../../platform/pagination.ts';
import {
  FILE_LIMIT_BYTES, getExchangeSettings, handleExchangeRequest, listExchangeLog, rotateExchangeCredentials, SESSION_COOKIE_NAME,
} from './exchange-1c.service.ts';

const settingsSchema = z.object({
  url: z.string().describe('The address to give 1C as the site’s exchange URL'),
  login: z.string().nullable().describe('null until credentials are created'),
  created_at: z.string().nullable(),
});
const logEntrySchema = z.object({
  id: z.uuid(), occurred_at: z.string(), type: z.string(), mode: z.string(), filename: z.string().nullable(),
  result: z.enum(['success', 'failure', 'progress']), message: z.string().nullable(), counts: z.record(z.string(), z.number()),
});
const protocolQuery = z.object({ type: z.string().optional(), mode: z.string().optional(), filename: z.string().optional() });

export function registerExchangeRoutes(app: ApiApp, { db, config, records }: ModuleContext) {
  const tags = ['1C exchange'];
  app.get('/api/v1/exchange-1c', {
    schema: { tags, summary: 'The 1C exchange URL and login of this workspace (administrators)', response: { 200: settingsSchema } },
  }, async (request) => getExchangeSettings(contextOf(request, db), config.publicUrl));

  app.post('/api/v1/exchange-1c/credentials', {
    schema: {
      tags, summary: 'Create or replace the 1C exchange login and password; the password is shown only in this answer',
      body: z.strictObject({}), response: { 201: settingsSchema.extend({ login: z.string(), password: z.string(), created_at: z.string() }) },
    },
  }, async (request, reply) => reply.code(201).send(await rotateExchangeCredentials(contextOf(request, db), config.publicUrl)));

  app.get('/api/v1/exchange-1c/log', {
    schema: { tags, summary: 'The 1C exchange requests of this workspace, newest first', querystring: pageQuerySchema, response: { 200: pageSchema(logEntrySchema) } },
  }, async (request) => listExchangeLog(contextOf(request, db), request.query));

  // 1C's own protocol: plain-text answers, Basic auth then a session cookie, files of any type as
  // the body. It is not part of the JSON API, so it stays out of the OpenAPI document.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: FILE_LIMIT_BYTES + 64 * 1024 }, (_request, body, done) => done(null, body));
    (scope as unknown as ApiApp).route({
      method: ['GET', 'POST'],
      url: '/exchange/1c/:workspace_slug',
      schema: { hide: true, params: z.object({ workspace_slug: z.string() }), querystring: protocolQuery },
      handler: async (request, reply) => {
        const result = await handleExchangeRequest(
          { db, resolverFor: (workspaceId) => records.resolverFor(db, workspaceId) },
          {
            slug: request.params.workspace_slug, ...request.query, authorization: request.headers.authorization,
            sessionToken: request.cookies[SESSION_COOKIE_NAME], body: Buffer.isBuffer(request.body) ? request.body : undefined,
          },
        );
        if (result.status === 401) reply.header('www-authenticate', 'Basic realm="1C exchange", charset="UTF-8"');
        return reply.code(result.status).type(result.contentType).send(result.body);
      },
    });
  });
}
