import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { contextOf, type ApiApp } from '../http/server.ts';
import type { JobDefinition, JobQueue } from '../jobs/jobs.ts';
import { erasePerson, type PrivacyDeps } from './erasure.service.ts';
import {
  applyRetentionEverywhere, buildRegister, getRetentionSettings, previewRetention, retentionSettingsSchema, updateRetentionSettings,
} from './retention.service.ts';
import { expireSubjectAccess, findSubjectAccess, openSubjectAccessFile, requestSubjectAccess, runSubjectAccess } from './subject-access.service.ts';

export const SUBJECT_ACCESS_JOB = 'privacy.subject-access';

const localisedSchema = z.object({ en: z.string(), ru: z.string() });
const subjectAccessSchema = z.object({
  id: z.uuid(), person_id: z.uuid(), language: z.enum(['ru', 'en']),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'expired']),
  sections_total: z.number().nullable().describe('How many parts the export gathers (one per module that holds personal data, plus the platform)'),
  sections_done: z.number(), file_bytes: z.number().nullable(), error: z.string().nullable(),
  created_at: z.string(), started_at: z.string().nullable(), finished_at: z.string().nullable(), expires_at: z.string(),
});
const erasureSchema = z.object({
  subject_type: z.enum(['person', 'lead']), subject_id: z.uuid(),
  counts: z.record(z.string(), z.number()).describe('What was erased, by module and kind (`people.person`, `tracking.tracking_event`, …); never values'),
  total: z.number().describe('0 when nothing was left to erase'),
});
const candidateSchema = z.object({ type: z.enum(['person', 'lead']), id: z.uuid(), title: z.string().nullable(), last_activity_at: z.string().nullable() });
const registerSchema = z.object({
  retention: retentionSettingsSchema,
  entries: z.array(z.object({
    module: z.string(), table: z.string(), record_type: z.string().nullable(), what: localisedSchema, purpose: localisedSchema, retention: localisedSchema,
    erasure: z.enum(['anonymised', 'deleted', 'scrubbed', 'kept_minimal']),
    fields: z.array(z.object({ name: z.string(), label: localisedSchema, classification: z.enum(['plain', 'personal', 'sensitive']), is_custom: z.boolean() })),
  })),
});
const personParams = z.strictObject({ id: z.uuid() });

export function registerPrivacyRoutes(app: ApiApp, { db, jobs, config, deps }: { db: Db; jobs: JobQueue; config: Config; deps: PrivacyDeps }) {
  const tags = ['personal data'];
  app.post('/api/v1/people/:id/subject-access', {
    schema: {
      tags, summary: 'Export everything stored about a person (JSON and an HTML page) in the background; poll, then download',
      params: personParams,
      body: z.strictObject({ language: z.enum(['ru', 'en']).optional().describe('Of the HTML page; default the requester’s') }).default({}),
      response: { 202: subjectAccessSchema },
    },
  }, async (request, reply) => {
    const ctx = contextOf(request, db);
    const started = await requestSubjectAccess(ctx, deps, request.params.id, request.body, config.dataDir, async (tx, requestId) => {
      await jobs.enqueue(SUBJECT_ACCESS_JOB, { workspace_id: ctx.principal.workspaceId, request_id: requestId }, { tx, idempotencyKey: requestId });
    });
    jobs.nudge(SUBJECT_ACCESS_JOB);
    return reply.code(202).send(started);
  });

  app.get('/api/v1/subject-access-requests/:id', {
    schema: { tags, summary: 'A subject-access export with its progress', params: personParams, response: { 200: subjectAccessSchema } },
  }, async (request) => findSubjectAccess(contextOf(request, db), request.params.id));

  app.get('/api/v1/subject-access-requests/:id/download', {
    schema: {
      tags, summary: 'Download a finished subject-access export (for a week after it is made)', params: personParams,
      querystring: z.strictObject({ format: z.enum(['json', 'html']).default('json') }), produces: ['application/json', 'text/html'],
    },
  }, async (request, reply) => {
    const file = await openSubjectAccessFile(contextOf(request, db), request.params.id, request.query.format);
    return reply
      .type(request.query.format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.stream);
  });

  app.post('/api/v1/people/:id/erase', {
    schema: {
      tags, summary: 'Erase a person’s personal data everywhere (irreversible; idempotent)',
      description: 'Anonymises the person and every personal value about them across all modules, keeps non-personal aggregates (order amounts), and audits what kinds were erased without their values.',
      params: personParams,
      body: z.strictObject({ confirm: z.string().min(1).max(100).describe('The person’s id, typed again') }),
      response: { 200: erasureSchema },
    },
  }, async (request) => erasePerson(contextOf(request, db), deps, request.params.id, request.body.confirm));

  app.get('/api/v1/personal-data/register', {
    schema: { tags, summary: 'The processing register: what personal data is stored, why, for how long, and what erasure does', response: { 200: registerSchema } },
  }, async (request) => buildRegister(contextOf(request, db), deps));

  app.get('/api/v1/personal-data/retention', {
    schema: { tags, summary: 'The workspace’s retention rules', response: { 200: retentionSettingsSchema } },
  }, async (request) => getRetentionSettings(contextOf(request, db)));

  app.put('/api/v1/personal-data/retention', {
    schema: { tags, summary: 'Set the retention rules (a daily job applies them)', body: retentionSettingsSchema, response: { 200: retentionSettingsSchema } },
  }, async (request) => updateRetentionSettings(contextOf(request, db), request.body));

  app.get('/api/v1/personal-data/retention/preview', {
    schema: {
      tags, summary: 'Dry run: what the retention rules would erase now',
      response: { 200: z.object({ rules: retentionSettingsSchema, candidates: z.array(candidateSchema) }) },
    },
  }, async (request) => previewRetention(contextOf(request, db), deps));
}

/** The privacy jobs: subject-access exports, their expiry, and the daily retention run. */
export function privacyJobs(deps: PrivacyDeps): JobDefinition<never>[] {
  const jobs: JobDefinition<never>[] = [
    {
      name: SUBJECT_ACCESS_JOB,
      retryLimit: 2,
      expireInSeconds: 3600,
      handle: async (data: { workspace_id: string; request_id: string }, { db, log }) => {
        const outcome = await runSubjectAccess(db, deps, { workspaceId: data.workspace_id, requestId: data.request_id });
        log.info({ request_id: data.request_id, ...outcome }, 'subject-access export finished');
      },
    } as JobDefinition<never>,
    {
      name: 'privacy.subject-access-expire',
      cron: '23 * * * *',
      retryLimit: 0,
      handle: async (_data, { db }) => void (await expireSubjectAccess(db)),
    },
    {
      name: 'privacy.retention',
      cron: '40 3 * * *',
      retryLimit: 1,
      expireInSeconds: 3600,
      handle: async (_data, { db, log }) => applyRetentionEverywhere(db, deps, log),
    },
  ];
  return jobs;
}
