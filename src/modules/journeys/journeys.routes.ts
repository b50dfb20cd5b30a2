import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { setJourneyQueue } from './journey-engine.ts';
import { createJourneyFromTemplate, JOURNEY_TEMPLATES } from './journey-templates.ts';
import {
  countsQuerySchema, countsSchema, enrollmentSchema, enrollSchema, fromTemplateSchema, journeyInputSchema, journeyListSchema,
  journeySchema, journeyUpdateSchema, templateCatalogueSchema,
} from './journeys.schemas.ts';
import {
  changeJourneyStatus, createJourney, deleteJourney, enrollManually, getJourney, listEnrollments, listJourneys, updateJourney, versionCounts,
  type JourneyTransition,
} from './journeys.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const transitionParams = z.strictObject({ id: z.uuid(), transition: z.enum(['publish', 'pause', 'resume', 'archive']) });

export function registerJourneyRoutes(app: ApiApp, { db, config, jobs }: ModuleContext) {
  setJourneyQueue(config, db, jobs);
  const tags = ['journeys'];
  app.get('/api/v1/journeys', {
    schema: { tags, summary: 'Journeys by name, with how many people are in them', response: { 200: journeyListSchema } },
  }, async (request) => listJourneys(contextOf(request, db)));

  app.get('/api/v1/journeys/templates', {
    schema: { tags, summary: 'The ready-made journeys a new one can start from', response: { 200: templateCatalogueSchema } },
  }, async () => ({ data: JOURNEY_TEMPLATES.map((t) => ({ key: t.key, name: t.name })) }));

  app.post('/api/v1/journeys', {
    schema: { tags, summary: 'Create a draft journey; the graph is checked on save', body: journeyInputSchema, response: { 201: journeySchema } },
  }, async (request, reply) => reply.code(201).send(await createJourney(contextOf(request, db), request.body)));

  app.post('/api/v1/journeys/from-template', {
    schema: { tags, summary: 'Create a draft journey from a ready-made one', body: fromTemplateSchema, response: { 201: journeySchema } },
  }, async (request, reply) => reply.code(201).send(await createJourneyFromTemplate(contextOf(request, db), jobs, request.body.template, { name: request.body.name })));

  app.get('/api/v1/journeys/:id', {
    schema: { tags, summary: 'A journey', params: idParams, response: { 200: journeySchema } },
  }, async (request) => getJourney(contextOf(request, db), request.params.id));

  app.patch('/api/v1/journeys/:id', {
    schema: { tags, summary: 'Edit a journey; editing a live one publishes a new version', params: idParams, body: journeyUpdateSchema, response: { 200: journeySchema } },
  }, async (request) => updateJourney(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/journeys/:id', {
    schema: { tags, summary: 'Delete a never-published draft', params: idParams },
  }, async (request, reply) => {
    await deleteJourney(contextOf(request, db), request.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v1/journeys/:id/:transition', {
    schema: { tags, summary: 'publish (draft → live, version 1), pause, resume or archive', params: transitionParams, response: { 200: journeySchema } },
  }, async (request) => changeJourneyStatus(contextOf(request, db), jobs, request.params.id, request.params.transition as JourneyTransition));

  app.get('/api/v1/journeys/:id/counts', {
    schema: { tags, summary: 'Per node of a version (the current one by default): people waiting, passed and exited', params: idParams, querystring: countsQuerySchema, response: { 200: countsSchema } },
  }, async (request) => versionCounts(contextOf(request, db), request.params.id, request.query.version_id));

  app.get('/api/v1/journeys/:id/enrollments', {
    schema: { tags, summary: 'The latest 100 enrollments of a journey', params: idParams, response: { 200: z.object({ data: z.array(enrollmentSchema) }) } },
  }, async (request) => listEnrollments(contextOf(request, db), { journeyId: request.params.id }));

  app.post('/api/v1/journeys/:id/enrollments', {
    schema: { tags, summary: 'Enroll one person by hand (to try a live journey out)', params: idParams, body: enrollSchema, response: { 201: z.object({ enrollment_id: z.uuid() }) } },
  }, async (request, reply) => reply.code(201).send(await enrollManually(contextOf(request, db), jobs, request.params.id, request.body.person_id)));

  app.get('/api/v1/people/:id/journeys', {
    schema: { tags, summary: 'A person’s journeys, newest first', params: idParams, response: { 200: z.object({ data: z.array(enrollmentSchema) }) } },
  }, async (request) => listEnrollments(contextOf(request, db), { personId: request.params.id }));
}
