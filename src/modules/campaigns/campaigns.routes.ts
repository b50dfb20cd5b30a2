import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getCampaignReport } from './campaign-report.ts';
import {
  audiencePreviewInputSchema, audiencePreviewSchema, campaignInputSchema, campaignSchema, campaignUpdateSchema, reportSchema, scheduleInputSchema,
} from './campaigns.schemas.ts';
import {
  createCampaign, deleteCampaign, getCampaign, listCampaigns, previewAudience, transitionCampaign, updateCampaign, type CampaignAction,
} from './campaigns.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

// Jobs receive only the config: the app's config object names its queue, as for messaging.
const queues = new WeakMap<Config, JobQueue>();
export const campaignJobs = (config: Config): JobQueue => {
  const jobs = queues.get(config);
  if (!jobs) throw new Error('The campaigns module has no job queue: its routes were not registered');
  return jobs;
};

const ACTION_SUMMARIES: Record<Exclude<CampaignAction, 'schedule'>, string> = {
  start: 'Start sending now (a draft or scheduled campaign)',
  pause: 'Pause sending after the current batch',
  resume: 'Resume a paused campaign',
  cancel: 'Cancel: nothing more is sent; what was sent stays in the report',
};

export function registerCampaignRoutes(app: ApiApp, { db, jobs, config }: ModuleContext) {
  queues.set(config, jobs);
  const tags = ['campaigns'];
  app.get('/api/v1/campaigns', {
    schema: { tags, summary: 'Campaigns, newest first, with their progress', response: { 200: z.object({ data: z.array(campaignSchema) }) } },
  }, async (request) => listCampaigns(contextOf(request, db)));

  app.post('/api/v1/campaigns', {
    schema: { tags, summary: 'Create a draft campaign', body: campaignInputSchema, response: { 201: campaignSchema } },
  }, async (request, reply) => reply.code(201).send(await createCampaign(contextOf(request, db), request.body)));

  app.post('/api/v1/campaigns/audience-preview', {
    schema: { tags, summary: 'The audience size of a segment or list, and how many a holdout share keeps back', body: audiencePreviewInputSchema, response: { 200: audiencePreviewSchema } },
  }, async (request) => previewAudience(contextOf(request, db), request.body));

  app.get('/api/v1/campaigns/:id', {
    schema: { tags, summary: 'A campaign with its progress', params: idParams, response: { 200: campaignSchema } },
  }, async (request) => getCampaign(contextOf(request, db), request.params.id));

  app.patch('/api/v1/campaigns/:id', {
    schema: { tags, summary: 'Change a draft or scheduled campaign', params: idParams, body: campaignUpdateSchema, response: { 200: campaignSchema } },
  }, async (request) => updateCampaign(contextOf(request, db), request.params.id, request.body));

  app.delete('/api/v1/campaigns/:id', {
    schema: { tags, summary: 'Delete a draft or cancelled campaign', params: idParams },
  }, async (request, reply) => {
    await deleteCampaign(contextOf(request, db), request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/v1/campaigns/:id/report', {
    schema: { tags, summary: 'Per variant and holdout: sends, rates, unsubscribes, conversions, revenue, ROI, and the A/B test’s winner', params: idParams, response: { 200: reportSchema } },
  }, async (request) => getCampaignReport(contextOf(request, db), request.params.id));

  app.post('/api/v1/campaigns/:id/schedule', {
    schema: { tags, summary: 'Schedule sending at a time (a draft or scheduled campaign)', params: idParams, body: scheduleInputSchema, response: { 200: campaignSchema } },
  }, async (request) => transitionCampaign(contextOf(request, db), jobs, request.params.id, 'schedule', { scheduledAt: request.body.scheduled_at }));

  for (const [action, summary] of Object.entries(ACTION_SUMMARIES) as [CampaignAction, string][]) {
    app.post(`/api/v1/campaigns/:id/${action}`, {
      schema: { tags, summary, params: idParams, response: { 200: campaignSchema } },
    }, async (request) => transitionCampaign(contextOf(request, db), jobs, request.params.id, action));
  }
}
