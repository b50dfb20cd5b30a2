import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { decideVariant } from './campaign-report.ts';
import { runCampaignSend, sendWinnerToRest, startScheduled } from './campaign-sending.ts';
import { campaignJobs, registerCampaignRoutes } from './campaigns.routes.ts';
import { DECIDE_JOB, SEND_JOB, START_JOB, transitionCampaign } from './campaigns.service.ts';
import { campaignsPersonalData } from './campaigns.personal-data.ts';

export { chooseWinner, differenceInterval, twoProportionZTest } from './ab-test.ts';
export { CampaignErrors } from './campaigns.service.ts';

type CampaignJob = { workspace_id: string; campaign_id: string };

/**
 * Campaigns: broadcasts to a segment or list with A/B/n variants and a holdout, sent by a throttled,
 * resumable job through queueMessage; a report per variant with the two-proportion z-test's winner
 * and the uplift over the holdout (docs/campaigns.md).
 */
export const campaignsModule: RapportModule = {
  name: 'campaigns',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerCampaignRoutes,
  personalData: campaignsPersonalData,
  jobs: [
    {
      name: SEND_JOB,
      retryLimit: 10,
      retryDelaySeconds: 5,
      // A run sends for 30 s and queues the next; one still active after this long died with its process.
      expireInSeconds: 120,
      handle: async (data: CampaignJob, { db, config, log }) => runCampaignSend(db, campaignJobs(config), data, log),
    },
    {
      name: START_JOB,
      retryLimit: 5,
      handle: async (data: CampaignJob & { scheduled_at: string }, { db, config }) => {
        const jobs = campaignJobs(config);
        await startScheduled(db, jobs, data, (ctx) => transitionCampaign(ctx, jobs, data.campaign_id, 'start'));
      },
    },
    {
      name: DECIDE_JOB,
      retryLimit: 5,
      handle: async (data: CampaignJob, { db, config }) => sendWinnerToRest(db, campaignJobs(config), data, (campaign) => decideVariant(db, campaign)),
    },
  ] as RapportModule['jobs'],
};
