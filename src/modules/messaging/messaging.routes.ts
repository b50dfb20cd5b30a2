import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorizeConfiguration } from '../../platform/auth/permissions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageSchema } from '../../platform/pagination.ts';
import { applyBounce } from './bounces.ts';
import {
  listMessagesQuerySchema, messageDetailSchema, messageSchema, preferenceSchema, queueMessageSchema, settingsInputSchema, settingsViewSchema, smsReportSchema,
} from './messaging.schemas.ts';
import { messagingRuntime } from './messaging.runtime.ts';
import {
  applyDeliveryReport, getMessage, listMessages, listPersonMessages, MessagingErrors, queueMessage, setPreferredChannel,
} from './messaging.service.ts';
import { getSettings, updateSettings, workspaceBySecret } from './messaging.settings.ts';
import type { TelegramUpdate } from './telegram.channel.ts';
import { createTelegramLink, handleTelegramUpdate } from './telegram-link.service.ts';

const tags = ['messaging'];
const idParams = z.strictObject({ id: z.uuid() });
const DSN_TYPES = ['message/rfc822', 'multipart/report', 'text/plain'];
const MAX_DSN_BYTES = 2 * 1024 * 1024;

export function registerMessagingRoutes(app: ApiApp, { db, config, jobs }: ModuleContext) {
  const runtime = messagingRuntime(config);
  runtime.jobs = jobs;
  app.addHook('onClose', async () => runtime.email.close());

  /** A webhook names its workspace by its secret, so no session or API key is needed. */
  async function webhookWorkspace(request: FastifyRequest, kind: 'sms' | 'telegram', header: string): Promise<string> {
    const secret = request.headers[header];
    const workspaceId = typeof secret === 'string' && secret.length >= 16 ? await workspaceBySecret(db, kind, secret) : null;
    if (!workspaceId) throw MessagingErrors.MESSAGING_SECRET_INVALID({ field: header });
    return workspaceId;
  }

  app.get('/api/v1/messaging/messages', {
    schema: { tags, summary: 'Messages to people you may read, newest first, by person, status, channel or source', querystring: listMessagesQuerySchema, response: { 200: pageSchema(messageSchema) } },
  }, async (request) => listMessages(contextOf(request, db), request.query));

  app.post('/api/v1/messaging/messages', {
    schema: {
      tags, summary: 'Queue a message with already rendered content; the idempotency key makes a repeat answer the first message (200) instead of a new one (201)',
      body: queueMessageSchema, response: { 200: messageSchema, 201: messageSchema },
    },
  }, async (request, reply) => {
    const { message, isNew } = await queueMessage(contextOf(request, db), jobs, request.body);
    return reply.code(isNew ? 201 : 200).send(message);
  });

  app.get('/api/v1/messaging/messages/:id', {
    schema: { tags, summary: 'A message with its content and status history', params: idParams, response: { 200: messageDetailSchema } },
  }, async (request) => getMessage(contextOf(request, db), request.params.id));

  app.get('/api/v1/people/:id/messages', {
    schema: { tags, summary: 'Messages to this person, newest first', params: idParams, querystring: listMessagesQuerySchema.omit({ person_id: true }), response: { 200: pageSchema(messageSchema) } },
  }, async (request) => listPersonMessages(contextOf(request, db), request.params.id, request.query));

  app.put('/api/v1/people/:id/messaging-preference', {
    schema: { tags, summary: 'The channel the person prefers (auto channel choice uses it when they have not answered yet)', params: idParams, body: preferenceSchema, response: { 200: preferenceSchema } },
  }, async (request) => setPreferredChannel(contextOf(request, db), request.params.id, request.body.preferred_channel));

  app.post('/api/v1/people/:id/telegram-link', {
    schema: {
      tags, summary: 'A t.me deep link: the person opens it and presses Start, and their chat is linked',
      params: idParams, response: { 201: z.object({ url: z.url(), expires_at: z.string() }) },
    },
  }, async (request, reply) => reply.code(201).send(await createTelegramLink(contextOf(request, db), request.params.id)));

  app.get('/api/v1/messaging/settings', {
    schema: { tags, summary: 'Quiet hours, frequency cap, channel fallback order and channel settings (secrets show only as set)', response: { 200: settingsViewSchema } },
  }, async (request) => getSettings(contextOf(request, db)));

  app.put('/api/v1/messaging/settings', {
    schema: { tags, summary: 'Change the messaging settings (administrators); audited, secrets kept when left out', body: settingsInputSchema, response: { 200: settingsViewSchema } },
  }, async (request) => updateSettings(contextOf(request, db), request.body));

  app.register(async (scope) => {
    scope.addContentTypeParser(DSN_TYPES, { parseAs: 'string', bodyLimit: MAX_DSN_BYTES }, (_request, body, done) => done(null, body));
    (scope as unknown as ApiApp).post('/api/v1/messaging/bounces', {
      schema: {
        tags, summary: 'A bounce as raw mail (a DSN, RFC 3464 multipart/report), e.g. piped from the bounce mailbox: the address is suppressed and the message marked bounced',
        response: { 200: z.object({ suppressed: z.array(z.string()), bounced_message_ids: z.array(z.uuid()) }) },
      },
    }, async (request) => {
      const ctx = contextOf(request, db);
      authorizeConfiguration(ctx.principal, 'workspace', 'messaging');
      if (typeof request.body !== 'string') throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'Send the raw mail with Content-Type message/rfc822' });
      return applyBounce(db, ctx.principal.workspaceId, request.body);
    });
  });

  app.post('/api/v1/messaging/sms/reports', {
    config: { auth: 'public' },
    schema: {
      tags, security: [], summary: 'SMS delivery report from the provider, authenticated by the report secret in X-Messaging-Secret',
      body: smsReportSchema, response: { 200: z.object({ is_applied: z.boolean() }) },
    },
  }, async (request) => {
    const workspaceId = await webhookWorkspace(request, 'sms', 'x-messaging-secret');
    return { is_applied: await applyDeliveryReport(db, workspaceId, 'sms', request.body.provider_message_id, request.body) };
  });

  app.post('/api/v1/messaging/telegram/webhook', {
    config: { auth: 'public' },
    // Telegram's Update grows with every Bot API version: unknown fields are ignored, not refused (a 400
    // would make Telegram resend the update for ever), so the route is for Telegram, not in the API docs.
    schema: {
      hide: true, body: z.looseObject({ update_id: z.number().int() }), response: { 200: z.object({ outcome: z.enum(['linked', 'responded', 'ignored']) }) },
    },
  }, async (request) => {
    const workspaceId = await webhookWorkspace(request, 'telegram', 'x-telegram-bot-api-secret-token');
    return { outcome: await handleTelegramUpdate(db, workspaceId, request.body as TelegramUpdate) };
  });
}
