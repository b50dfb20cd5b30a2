import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { Readable } from 'node:stream';
import { PlatformErrors } from '../../platform/errors.ts';
import { exportQuerySchema, listCriteria } from '../../platform/records/records.routes.ts';
import { exportVcards, importVcards, personVcard } from './people-vcard.service.ts';
import { personRecordType } from './people.records.ts';
import { getCompanyPeople, getPersonCompanies, personCompaniesSchema, setPersonCompanies } from './person-companies.service.ts';
import { suggestPersonTags, tagSuggestionsQuerySchema } from './person-tags.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const personCompaniesOutput = z.object({
  data: z.array(z.object({ company_id: z.uuid(), role: z.string().nullable(), is_primary: z.boolean(), name: z.string().nullable(), city: z.string().nullable() })),
});
const companyPeopleOutput = z.object({
  data: z.array(z.object({
    person_id: z.uuid(), role: z.string().nullable(), is_primary: z.boolean(),
    full_name: z.string().nullable(), job_title: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(),
  })),
});

const VCARD_TYPES = ['text/vcard', 'text/x-vcard', 'text/directory'];
const MAX_VCARD_BYTES = 10 * 1024 * 1024;

export function registerPeopleRoutes(app: ApiApp, { db, records }: ModuleContext) {
  app.get('/api/v1/people/:id/vcard', {
    schema: { tags: ['people'], summary: 'A person as a vCard 4 (RFC 6350) card', params: idParams, produces: ['text/vcard'] },
  }, async (request, reply) => reply
    .type('text/vcard; charset=utf-8')
    .header('content-disposition', `attachment; filename="person-${request.params.id}.vcf"`)
    .send(await personVcard(contextOf(request, db), request.params.id)));

  app.get('/api/v1/people/export.vcf', {
    schema: { tags: ['people'], summary: 'Export people (a filter, a saved view or a search) as vCard 4, streamed and audited', querystring: exportQuerySchema, produces: ['text/vcard'] },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const { filter } = await listCriteria(ctx, personRecordType, request.query);
    const cards = exportVcards(ctx, { filter, q: request.query.q });
    // The first batch is read before answering, so a refused export is still a problem+json.
    const first = await cards.next();
    async function* rest() {
      if (!first.done) yield first.value;
      yield* cards;
    }
    return reply.type('text/vcard; charset=utf-8').header('content-disposition', 'attachment; filename="people.vcf"').send(Readable.from(rest()));
  });

  app.register(async (scope) => {
    scope.addContentTypeParser(VCARD_TYPES, { parseAs: 'string', bodyLimit: MAX_VCARD_BYTES }, (_request, body, done) => done(null, body));
    (scope as unknown as ApiApp).post('/api/v1/people/vcard', {
      schema: {
        tags: ['people'], summary: 'Create people from a vCard file (3.0 or 4.0): existing emails or phones are skipped, all or nothing',
        response: { 200: z.object({ created: z.number(), created_ids: z.array(z.uuid()), skipped: z.array(z.object({ card: z.number(), person_id: z.uuid(), reason: z.string() })) }) },
      },
    }, async (request) => {
      if (typeof request.body !== 'string') throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'Send the file as the request body with Content-Type text/vcard' });
      return importVcards(contextOf(request, db), request.body, (type) => records.get(type));
    });
  });

  app.get('/api/v1/people/tags', {
    schema: {
      tags: ['people'], summary: 'Tags already used on people, by prefix, the most used first (for suggestions while typing)',
      querystring: tagSuggestionsQuerySchema,
      response: { 200: z.object({ data: z.array(z.object({ tag: z.string(), people: z.number().int().describe('How many people you may read carry it') })) }) },
    },
  }, async (request) => suggestPersonTags(contextOf(request, db), request.query));

  app.get('/api/v1/people/:id/companies', {
    schema: { tags: ['people'], summary: 'The companies a person works with: the main one first, then the others with roles', params: idParams, response: { 200: personCompaniesOutput } },
  }, async (request) => getPersonCompanies(contextOf(request, db), request.params.id));

  app.put('/api/v1/people/:id/companies', {
    schema: { tags: ['people'], summary: 'Replace the companies a person works with besides the main one', params: idParams, body: personCompaniesSchema, response: { 200: personCompaniesOutput } },
  }, async (request) => setPersonCompanies(contextOf(request, db), request.params.id, request.body));

  app.get('/api/v1/companies/:id/people', {
    schema: { tags: ['companies'], summary: 'The people of a company, by main company or by a role there (at most 500)', params: idParams, response: { 200: companyPeopleOutput } },
  }, async (request) => getCompanyPeople(contextOf(request, db), request.params.id));
}
