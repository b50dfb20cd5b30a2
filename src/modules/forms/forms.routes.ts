import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { formDefinitionSchema, updateFormSchema } from './forms.schemas.ts';
import { embedScript, renderClosed, renderDone, renderForm } from './forms.pages.ts';
import { createForm, deleteForm, findPublicForm, FormErrors, getForm, listForms, submitForm, updateForm, type Language } from './forms.service.ts';

const localised = z.object({ ru: z.string(), en: z.string() });
const formResponse = z.object({
  id: z.uuid(), name: z.string(), target: z.enum(['lead', 'request']), title: localised, description: localised.nullable().optional(),
  fields: z.array(z.object({ target: z.string(), label: localised, is_required: z.boolean() })),
  consent: z.object({
    text: localised, version: z.string(), is_required: z.boolean(), channels: z.array(z.string()), purposes: z.array(z.string()), is_double_opt_in: z.boolean(),
  }).nullable(),
  success_message: localised, is_active: z.boolean(), created_at: z.string(), updated_at: z.string(),
  hosted_url: z.string(), embed_snippet: z.string(),
});

function languageOf(request: FastifyRequest): Language {
  const asked = (request.query as { lang?: string }).lang;
  if (asked === 'en' || asked === 'ru') return asked;
  return /^en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'ru';
}

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export function registerFormRoutes(app: ApiApp, { db, jobs, records }: ModuleContext) {
  const present = (request: FastifyRequest) => <F extends { id: string }>(form: F) => ({
    ...form,
    hosted_url: `${originOf(request)}/f/${form.id}`,
    embed_snippet: `<script src="${originOf(request)}/f/${form.id}/embed.js" async></script>`,
  });
  const params = z.strictObject({ id: z.uuid() });

  app.get('/api/v1/forms', {
    schema: { tags: ['forms'], summary: 'The workspace’s web forms with their submission counts', response: { 200: z.object({ data: z.array(formResponse.extend({ submissions: z.number() })) }) } },
  }, async (request) => ({ data: (await listForms(contextOf(request, db))).data.map(present(request)) }));

  app.post('/api/v1/forms', {
    schema: { tags: ['forms'], summary: 'Publish a web form for lead or request capture', body: formDefinitionSchema, response: { 201: formResponse } },
  }, async (request, reply) => reply.code(201).send(present(request)(await createForm(contextOf(request, db), request.body))));

  app.get('/api/v1/forms/:id', {
    schema: { tags: ['forms'], summary: 'A web form', params, response: { 200: formResponse } },
  }, async (request) => present(request)(await getForm(contextOf(request, db), request.params.id)));

  app.patch('/api/v1/forms/:id', {
    schema: { tags: ['forms'], summary: 'Change a web form; published pages follow at once', params, body: updateFormSchema, response: { 200: formResponse } },
  }, async (request) => present(request)(await updateForm(contextOf(request, db), request.params.id, request.body)));

  app.delete('/api/v1/forms/:id', {
    schema: { tags: ['forms'], summary: 'Delete a web form and its submission log (the people, leads and consents it created stay)', params },
  }, async (request, reply) => {
    await deleteForm(contextOf(request, db), request.params.id);
    return reply.code(204).send();
  });

  const publicForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const id = (request.params as { id: string }).id;
    if (!z.uuid().safeParse(id).success) throw FormErrors.FORM_NOT_FOUND();
    const form = await findPublicForm(db, id);
    if (!form.is_active) {
      reply.code(410).type('text/html; charset=utf-8').send(renderClosed(languageOf(request)));
      return null;
    }
    return form;
  };

  // The public pages live in their own context: it alone reads url-encoded bodies, as browsers
  // post hosted forms.
  app.register(async (pub) => {
    pub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    pub.get('/f/:id', { schema: { hide: true } }, async (request, reply) => {
      const form = await publicForm(request, reply);
      if (!form) return reply;
      const query = request.query as { embed?: string; vid?: string };
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
        .send(renderForm(form, { lang: languageOf(request), isEmbedded: query.embed === '1', visitorId: query.vid }));
    });

    pub.get('/f/:id/embed.js', { schema: { hide: true } }, async (request, reply) => {
      const form = await publicForm(request, reply);
      if (!form) return reply;
      return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(embedScript(originOf(request), form.id));
    });

    pub.post('/f/:id', {
      schema: { hide: true },
      bodyLimit: 64 * 1024,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    }, async (request, reply) => {
      const form = await publicForm(request, reply);
      if (!form) return reply;
      const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) throw PlatformErrors.VALIDATION_FAILED({ detail: 'The form body must be fields and values' });
      const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
      const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)]));
      const query = request.query as { embed?: string };
      const lang = languageOf(request);
      const outcome = await submitForm(db, jobs, (workspaceId) => records.resolverFor(db, workspaceId), form.id, {
        values, hasConsent: ['yes', 'on', 'true'].includes(values.consent ?? '') || body.consent === true, honeypot: values.website || undefined,
        visitorId: values.visitor_id || undefined, ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 1000), language: lang,
      });
      if (outcome.kind === 'invalid') {
        if (isJson) throw PlatformErrors.VALIDATION_FAILED({ field: outcome.errors[0]!.field, detail: outcome.errors[0]!.message, errors: outcome.errors });
        return reply.code(400).type('text/html; charset=utf-8')
          .send(renderForm(form, { lang, isEmbedded: query.embed === '1', visitorId: values.visitor_id, values, hasConsent: !!values.consent, errors: outcome.errors }));
      }
      if (isJson) return { status: 'accepted' };
      return reply.type('text/html; charset=utf-8').send(renderDone(form, lang, query.embed === '1'));
    });
  });
}
