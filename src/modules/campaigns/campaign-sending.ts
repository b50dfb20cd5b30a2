import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { recordChange } from '../../platform/changes.ts';
import { queueMessage } from '../messaging/index.ts';
import { segmentMemberIds } from '../segments/index.ts';
import { compileTemplate, getTemplate, type RenderedMessage } from '../templates/index.ts';
import { HOLDOUT } from './campaigns.schemas.ts';
import { loadCampaign, SEND_JOB, type CampaignRow } from './campaigns.service.ts';

/** The rest of the audience, waiting for the test's winner. */
export const REST = 'rest';
/** One job run sends for at most this long, then queues the next run: a crash loses at most one run's sleep. */
const RUN_SECONDS = 30;
const MAX_BATCH = 500;
/** People rendered and queued at once within a batch. */
const CONCURRENCY = 8;

/** A stable bucket 0–9999 from the campaign and the person: the same person gets the same variant on every run. */
const bucket = (campaignId: string, salt: string) =>
  sql<number>`(('x' || substr(md5(${`${campaignId}:${salt}:`} || m.person_id::text), 1, 7))::bit(28)::int % 10000)`;

/**
 * Snapshots the audience in one INSERT…SELECT, with each person's variant: the holdout first, then
 * (when the winner is sent later) the test share, then the variants by their cumulative shares.
 * Runs once per campaign; a repeated run finds the audience taken and does nothing.
 */
export async function snapshotAudience(db: Db, campaign: CampaignRow): Promise<void> {
  await inTransaction({ db, principal: systemPrincipal(campaign.workspace_id) }, async (tx) => {
    const locked = await loadCampaign(tx, campaign.workspace_id, campaign.id, { isLocked: true });
    if (locked.audience_size !== null) return;
    const variantBucket = bucket(campaign.id, 'variant');
    let threshold = locked.holdout_share * 100;
    const cases = [sql`when ${variantBucket} < ${threshold} then ${HOLDOUT}`];
    if (locked.auto_send_winner && locked.test_share !== null) cases.push(sql`when ${bucket(campaign.id, 'test')} >= ${locked.test_share * 100} then ${REST}`);
    for (const variant of locked.variants) {
      threshold += variant.share * 100;
      cases.push(sql`when ${variantBucket} < ${threshold} then ${variant.key}`);
    }
    const inserted = await sql`
      insert into campaign_recipient (workspace_id, campaign_id, person_id, variant, state)
      select ${campaign.workspace_id}, ${campaign.id}, a.person_id, a.variant,
        case a.variant when ${HOLDOUT} then 'held_out' when ${REST} then 'waiting' else 'pending' end
      from (select m.person_id, case ${sql.join(cases, sql` `)} else ${locked.variants.at(-1)!.key} end as variant
            from (${segmentMemberIds(campaign.workspace_id, campaign.segment_id)}) m) a
      on conflict do nothing`.execute(tx);
    await tx.updateTable('campaign').set({ audience_size: Number(inserted.numAffectedRows ?? 0) })
      .where('workspace_id', '=', campaign.workspace_id).where('id', '=', campaign.id).execute();
  });
}

type Renderers = Map<string, (personId: string) => Promise<RenderedMessage>>;

/** Each variant's template, prepared once per run: MJML is turned into HTML once, not per person. */
async function loadRenderers(ctx: ServiceContext, campaign: CampaignRow): Promise<Renderers> {
  const renderers: Renderers = new Map();
  for (const variant of campaign.variants) {
    const template = await getTemplate(ctx, variant.template_id);
    renderers.set(variant.key, await compileTemplate(ctx.db, campaign.workspace_id, template, { campaign: { name: campaign.name } }));
  }
  return renderers;
}

const idempotencyKey = (campaignId: string, personId: string) => `campaign:${campaignId}:person:${personId}`;

type Outcome = { person_id: string; message_id: string | null; error: string | null };

/** One person: their variant rendered for them, queued under the campaign's key for them, so a rerun never sends twice. */
async function sendTo(ctx: ServiceContext, jobs: JobQueue, campaign: CampaignRow, renderers: Renderers, recipient: { person_id: string; variant: string }): Promise<Outcome> {
  const personId = recipient.person_id;
  try {
    const rendered = await renderers.get(recipient.variant)!(personId);
    const { message } = await queueMessage(ctx, jobs, {
      person_id: personId, channel: campaign.channel, purpose: campaign.purpose, source: 'campaign', source_id: campaign.id, variant: recipient.variant,
      idempotency_key: idempotencyKey(campaign.id, personId),
      content: { subject: rendered.subject, html: rendered.html, text: rendered.text || '—' },
    });
    return { person_id: personId, message_id: message.id, error: null };
  } catch (error) {
    // A person gone since the snapshot, or a template that fails for this person: recorded, the rest go on.
    if (error instanceof AppError && error.status < 500) return { person_id: personId, message_id: null, error: `${error.code}: ${error.message}` };
    throw error;
  }
}

/** Sends to the next pending recipients; returns how many were taken. */
async function sendBatch(db: Db, jobs: JobQueue, campaign: CampaignRow, renderers: Renderers, size: number): Promise<number> {
  const ctx = { db, principal: systemPrincipal(campaign.workspace_id) };
  const pending = await db.selectFrom('campaign_recipient').select(['person_id', 'variant'])
    .where('workspace_id', '=', campaign.workspace_id).where('campaign_id', '=', campaign.id).where('state', '=', 'pending')
    .orderBy('person_id').limit(size).execute();
  const outcomes: Outcome[] = [];
  for (let i = 0; i < pending.length; i += CONCURRENCY) {
    outcomes.push(...await Promise.all(pending.slice(i, i + CONCURRENCY).map((r) => sendTo(ctx, jobs, campaign, renderers, r))));
  }
  if (outcomes.length > 0) {
    await sql`
      update campaign_recipient r set state = case when o.message_id is null then 'failed' else 'queued' end, message_id = o.message_id, error = o.error
      from (select unnest(${outcomes.map((o) => o.person_id)}::uuid[]) as person_id, unnest(${outcomes.map((o) => o.message_id)}::uuid[]) as message_id,
                   unnest(${outcomes.map((o) => o.error)}::text[]) as error) o
      where r.workspace_id = ${campaign.workspace_id} and r.campaign_id = ${campaign.id} and r.person_id = o.person_id and r.state = 'pending'`.execute(db);
  }
  return pending.length;
}

/** Completes a sending campaign once nobody is pending or waiting for the winner. */
async function completeIfDone(db: Db, campaign: CampaignRow): Promise<void> {
  await inTransaction({ db, principal: systemPrincipal(campaign.workspace_id) }, async (tx, ctx) => {
    const done = await sql<{ id: string }>`
      update campaign c set status = 'completed', completed_at = now(), updated_at = now()
      where c.workspace_id = ${campaign.workspace_id} and c.id = ${campaign.id} and c.status = 'sending'
        and not exists (select 1 from campaign_recipient r where r.workspace_id = c.workspace_id and r.campaign_id = c.id and r.state in ('pending', 'waiting'))
      returning c.id`.execute(tx);
    if (done.rows.length === 0) return;
    await recordChange(tx, ctx, {
      entityType: 'campaign', entityId: campaign.id, action: 'complete', event: 'campaign.completed', changes: { status: { before: 'sending', after: 'completed' } },
    });
  });
}

/**
 * One run of the send job: snapshot the audience (once), then batches at the throttle's pace,
 * checking between batches that the campaign is still sending (pause and cancel stop it there).
 * After RUN_SECONDS it queues the next run. Crash-safe: a person is marked queued only after their
 * message exists, and the message's idempotency key makes a rerun of the same person a no-op.
 */
export async function runCampaignSend(db: Db, jobs: JobQueue, data: { workspace_id: string; campaign_id: string }, log?: Logger): Promise<void> {
  const initial = await loadCampaign(db, data.workspace_id, data.campaign_id);
  if (initial.status !== 'sending') return;
  await snapshotAudience(db, initial);
  const renderers = await loadRenderers({ db, principal: systemPrincipal(data.workspace_id) }, initial);
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(initial.throttle_per_minute / 60)));
  const deadline = Date.now() + RUN_SECONDS * 1000;
  for (;;) {
    const campaign = await loadCampaign(db, data.workspace_id, data.campaign_id);
    if (campaign.status !== 'sending') return;
    const startedAt = Date.now();
    const taken = await sendBatch(db, jobs, campaign, renderers, batchSize);
    if (taken < batchSize) {
      await completeIfDone(db, campaign);
      log?.info({ campaignId: campaign.id }, 'campaign batch run finished');
      return;
    }
    const pause = (taken / campaign.throttle_per_minute) * 60_000 - (Date.now() - startedAt);
    if (Date.now() + Math.max(pause, 0) >= deadline) {
      await jobs.enqueue(SEND_JOB, data, pause > 0 ? { startAfter: new Date(Date.now() + pause) } : {});
      return;
    }
    if (pause > 0) await sleep(pause);
  }
}

/** The scheduled start: only when the campaign is still scheduled for this very time. */
export async function startScheduled(db: Db, jobs: JobQueue, data: { workspace_id: string; campaign_id: string; scheduled_at: string }, start: (ctx: ServiceContext) => Promise<unknown>): Promise<void> {
  const campaign = await loadCampaign(db, data.workspace_id, data.campaign_id).catch(() => null);
  if (!campaign || campaign.status !== 'scheduled' || new Date(campaign.scheduled_at!).toISOString() !== data.scheduled_at) return;
  await start({ db, principal: systemPrincipal(data.workspace_id) });
  jobs.nudge(SEND_JOB);
}

/**
 * At decision time: the test's winner (or, without a significant one, its leader) goes to the rest
 * of the audience. The waiting recipients become pending with that variant and sending goes on.
 */
export async function sendWinnerToRest(db: Db, jobs: JobQueue, data: { workspace_id: string; campaign_id: string }, chooseVariant: (campaign: CampaignRow) => Promise<string>): Promise<void> {
  const campaign = await loadCampaign(db, data.workspace_id, data.campaign_id).catch(() => null);
  if (!campaign || campaign.winner_variant || campaign.status === 'cancelled' || campaign.status === 'completed') return;
  const winner = await chooseVariant(campaign);
  await inTransaction({ db, principal: systemPrincipal(data.workspace_id) }, async (tx, ctx) => {
    await tx.updateTable('campaign_recipient').set({ variant: winner, state: 'pending' })
      .where('workspace_id', '=', data.workspace_id).where('campaign_id', '=', data.campaign_id).where('state', '=', 'waiting').execute();
    await tx.updateTable('campaign').set({ winner_variant: winner, winner_decided_at: new Date(), updated_at: new Date() })
      .where('workspace_id', '=', data.workspace_id).where('id', '=', data.campaign_id).execute();
    await recordChange(tx, ctx, {
      entityType: 'campaign', entityId: campaign.id, action: 'decide', event: 'campaign.winner_chosen', changes: { winner_variant: { before: null, after: winner } },
    });
    if (campaign.status === 'sending') await jobs.enqueue(SEND_JOB, data, { tx });
  });
  jobs.nudge(SEND_JOB);
}

