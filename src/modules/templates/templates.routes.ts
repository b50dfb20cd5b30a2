import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  draftPreviewBodySchema, previewBodySchema, renderedSchema, TEMPLATE_CHANNELS, TEMPLATE_PURPOSES, templateInputSchema, templateSchema,
  templateUpdateSchema, testSendBodySchema,
} from './templates.schemas.ts';
import {
  createTemplate, deleteTemplate, getTemplate, listTemplates, previewDraft, previewTemplate, testSendTemplate, updateTemplate,
} from './templates.service.ts';

export function registerTemplateRoutes(app: ApiApp, { db, mailer }: ModuleContext) {
  const tags = ['templates'];
  const params = z.strictObject({ id: z.uuid() });

  app.get('/api/v1/templates', {
    schema: {
      tags, summary: 'Message templates, by name (readers of people)',
      querystring: z.strictObject({ channel: z.enum(TEMPLATE_CHANNELS).optional(), purpose: z.enum(TEMPLATE_PURPOSES).optional() }),
      response: { 200: z.object({ data: z.array(templateSchema) }) },
    },
  }, async (request) => listTemplates(contextOf(request, db), request.query));

  app.post('/api/v1/templates', {
    schema: {
      tags, summary: 'Create a template; it is parsed, rendered against a sample person and (email) MJML-validated first: 422 TEMPLATE_INVALID names subject or body',
      body: templateInputSchema, response: { 201: templateSchema },
    },
  }, async (request, reply) => reply.code(201).send(await createTemplate(contextOf(request, db), request.body)));

  // Declared before /:id, whose uuid check would refuse "preview".
  app.post('/api/v1/templates/preview', {
    schema: {
      tags, summary: 'Preview an unsaved draft as a person (or a sample person), checked as saving would',
      body: draftPreviewBodySchema, response: { 200: renderedSchema },
    },
  }, async (request) => previewDraft(contextOf(request, db), request.body.template, request.body.person_id));

  app.get('/api/v1/templates/:id', {
    schema: { tags, summary: 'One template', params, response: { 200: templateSchema } },
  }, async (request) => getTemplate(contextOf(request, db), request.params.id));

  app.patch('/api/v1/templates/:id', {
    schema: { tags, summary: 'Change a template; checked as on create', params, body: templateUpdateSchema, response: { 200: templateSchema } },
  }, async (request) => updateTemplate(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/templates/:id', {
    schema: { tags, summary: 'Delete a template', params, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteTemplate(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/templates/:id/preview', {
    schema: {
      tags, summary: 'Render the template as a person the reader may read (or a sample person): subject, HTML and text',
      params, body: previewBodySchema, response: { 200: renderedSchema },
    },
  }, async (request) => previewTemplate(contextOf(request, db), request.params.id, request.body.person_id));

  app.post('/api/v1/templates/:id/test-send', {
    schema: {
      tags, summary: 'Send the rendered template to your own email address',
      params, body: testSendBodySchema, response: { 200: z.object({ to: z.string(), message_id: z.string() }) },
    },
  }, async (request) => testSendTemplate(contextOf(request, db), mailer, request.params.id, request.body.person_id));
}
