import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getCompanyPeople, getPersonCompanies, personCompaniesSchema, setPersonCompanies } from './person-companies.service.ts';

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

export function registerPeopleRoutes(app: ApiApp, { db }: ModuleContext) {
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
