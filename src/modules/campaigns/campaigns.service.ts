import { sql, type Selectable } from 'kysely';
import { authorize, authorizeConfiguration, systemPrincipal } from '../../platform/auth/permissions.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { recordChange } from '../../platform/changes.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { loadSegment } from '../segments/index.ts';
import { getTemplate } from '../templates/index.ts';
import type { CampaignInput, CampaignStatus, CampaignUpdate, CampaignView } from './campaigns.schemas.ts';
import type { CampaignTable, CampaignVariant } from './campaigns.tables.ts';
import './campaigns.tables.ts';

export const CampaignErrors = defineErrors({
  CAMPAIGN_NOT_FOUND: { status: 404, title: 'The campaign does not exist' },
  CAMPAIGN_INVALID_TRANSITION: { status: 409, title: 'The campaign can not do this in its current status' },
  CAMPAIGN_NOT_EDITABLE: { status: 409, title: 'Only a draft or scheduled campaign can be changed' },
  CAMPAIGN_SHARES_INVALID: { status: 400, title: 'Variant shares and the holdout must add up to 100%' },
  CAMPAIGN_SEGMENT_NOT_FOUND: { status: 422, title: 'The audience segment does not exist' },
  CAMPAIGN_TEMPLATE_INVALID: { status: 422, title: 'The template does not exist or does not fit the channel' },
  CAMPAIGN_TEST_INVALID: { status: 400, title: 'Sending the winner needs two variants, a test share and a decision time' },
  CAMPAIGN_SCHEDULE_PAST: { status: 400, title: 'The scheduled time has passed' },
});

export const SEND_JOB = 'campaigns.send';
export const START_JOB = 'campaigns.start';
export const DECIDE_JOB = 'campaigns.decide';

export type CampaignRow = Selectable<CampaignTable>;

// Campaigns are marketing configuration, as templates are: managers and admins run them; whoever may read people reads them.
const authorizeWrite = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'campaign', 'campaigns');
const authorizeRead = (ctx: ServiceContext) => authorize(ctx.principal, 'person', 'read');

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const AUDITED = ['name', 'channel', 'purpose', 'segment_id', 'variants', 'holdout_share', 'winner_metric', 'auto_send_winner', 'test_share',
  'decision_hours', 'scheduled_at', 'throttle_per_minute', 'status', 'cost', 'currency'] as const;

type Progress = CampaignView['progress'];
const NO_PROGRESS: Progress = { audience: 0, pending: 0, queued: 0, waiting: 0, held_out: 0, failed: 0, sent: 0, skipped: 0 };

function present(row: CampaignRow, progress: Progress = NO_PROGRESS): CampaignView {
  return {
    id: row.id, name: row.name, channel: row.channel, purpose: row.purpose, segment_id: row.segment_id, variants: row.variants,
    holdout_share: row.holdout_share, winner_metric: row.winner_metric, auto_send_winner: row.auto_send_winner, test_share: row.test_share,
    decision_hours: row.decision_hours, scheduled_at: iso(row.scheduled_at), throttle_per_minute: row.throttle_per_minute, status: row.status,
    cost: row.cost === null ? null : Number(row.cost), currency: row.currency, winner_variant: row.winner_variant,
    winner_decided_at: iso(row.winner_decided_at), created_by: row.created_by, created_at: row.created_at.toISOString(),
    updated_at: iso(row.updated_at)!, started_at: iso(row.started_at), completed_at: iso(row.completed_at), progress,
  };
}

export async function loadCampaign(db: Db, workspaceId: string, id: string, options: { isLocked?: boolean } = {}): Promise<CampaignRow> {
  let query = db.selectFrom('campaign').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (options.isLocked) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw CampaignErrors.CAMPAIGN_NOT_FOUND({ field: 'id', detail: `There is no campaign ${id}` });
  return row;
}

/** Recipients by state and their messages sent or skipped, for each campaign named. */
async function progressOf(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, Progress>> {
  if (ids.length === 0) return new Map();
  const rows = (await sql<{ campaign_id: string } & Record<keyof Progress, string>>`
    select r.campaign_id, count(*) as audience,
      count(*) filter (where r.state = 'pending') as pending, count(*) filter (where r.state = 'queued') as queued,
      count(*) filter (where r.state = 'waiting') as waiting, count(*) filter (where r.state = 'held_out') as held_out,
      count(*) filter (where r.state = 'failed') as failed,
      count(m.sent_at) as sent, count(*) filter (where m.status = 'skipped') as skipped
    from campaign_recipient r
    left join message m on m.workspace_id = r.workspace_id and m.id = r.message_id
    where r.workspace_id = ${workspaceId} and r.campaign_id in (${sql.join(ids)})
    group by r.campaign_id`.execute(db)).rows;
  return new Map(rows.map(({ campaign_id, ...counts }) => [campaign_id, Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])) as Progress]));
}

async function view(db: Db, workspaceId: string, id: string): Promise<CampaignView> {
  const row = await loadCampaign(db, workspaceId, id);
  return present(row, (await progressOf(db, workspaceId, [id])).get(id));
}

export async function listCampaigns(ctx: ServiceContext): Promise<{ data: CampaignView[] }> {
  authorizeRead(ctx);
  const rows = await ctx.db.selectFrom('campaign').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).orderBy('id', 'desc').execute();
  const progress = await progressOf(ctx.db, ctx.principal.workspaceId, rows.map((r) => r.id));
  return { data: rows.map((row) => present(row, progress.get(row.id))) };
}

export async function getCampaign(ctx: ServiceContext, id: string): Promise<CampaignView> {
  authorizeRead(ctx);
  return view(ctx.db, ctx.principal.workspaceId, id);
}

type Definition = CampaignInput;

/** Checks what zod can not: shares, the test settings, and that the segment and the templates exist and fit the channel. */
async function checkDefinition(ctx: ServiceContext, definition: Definition): Promise<CampaignVariant[]> {
  const total = definition.variants.reduce((sum, v) => sum + v.share, 0) + definition.holdout_share;
  if (total !== 100) {
    throw CampaignErrors.CAMPAIGN_SHARES_INVALID({ field: 'variants', detail: `The variants’ shares and the holdout add up to ${total}%, not 100%` });
  }
  if (definition.auto_send_winner) {
    const field = definition.variants.length < 2 ? 'variants' : definition.test_share === null ? 'test_share' : definition.decision_hours === null ? 'decision_hours' : null;
    if (field) throw CampaignErrors.CAMPAIGN_TEST_INVALID({ field });
  }
  if ((definition.cost === null) !== (definition.currency === null)) {
    throw PlatformErrors.VALIDATION_FAILED({ field: definition.cost === null ? 'cost' : 'currency', detail: 'A cost needs its currency, and a currency its cost' });
  }
  try {
    await loadSegment(ctx.db, ctx.principal.workspaceId, definition.segment_id);
  } catch {
    throw CampaignErrors.CAMPAIGN_SEGMENT_NOT_FOUND({ field: 'segment_id' });
  }
  const system = { db: ctx.db, principal: systemPrincipal(ctx.principal.workspaceId) };
  const wanted = definition.channel === 'auto' ? 'email' : definition.channel;
  for (const [index, variant] of definition.variants.entries()) {
    const field = `variants.${index}.template_id`;
    const template = await getTemplate(system, variant.template_id).catch(() => null);
    if (!template) throw CampaignErrors.CAMPAIGN_TEMPLATE_INVALID({ field, detail: 'There is no such template' });
    if (template.channel !== wanted) {
      throw CampaignErrors.CAMPAIGN_TEMPLATE_INVALID({ field, detail: `The template is for ${template.channel}; this campaign sends ${wanted} templates` });
    }
  }
  return definition.variants.map((v, index) => ({ key: String.fromCharCode(65 + index), template_id: v.template_id, share: v.share }));
}

export async function createCampaign(ctx: ServiceContext, input: CampaignInput): Promise<CampaignView> {
  authorizeWrite(ctx);
  const variants = await checkDefinition(ctx, input);
  return inTransaction(ctx, async (tx, ctx) => {
    const id = newId();
    await tx.insertInto('campaign').values({
      workspace_id: ctx.principal.workspaceId, id, name: input.name, channel: input.channel, purpose: input.purpose, segment_id: input.segment_id,
      variants: JSON.stringify(variants), holdout_share: input.holdout_share, winner_metric: input.winner_metric,
      auto_send_winner: input.auto_send_winner, test_share: input.test_share, decision_hours: input.decision_hours,
      throttle_per_minute: input.throttle_per_minute, cost: input.cost, currency: input.currency, created_by: ctx.principal.userId,
    }).execute();
    const created = await view(tx, ctx.principal.workspaceId, id);
    await recordChange(tx, ctx, { entityType: 'campaign', entityId: id, action: 'create', event: 'campaign.created', changes: diffFields(null, created, AUDITED) });
    return created;
  });
}

const EDITABLE: CampaignStatus[] = ['draft', 'scheduled'];

export async function updateCampaign(ctx: ServiceContext, id: string, patch: CampaignUpdate): Promise<CampaignView> {
  authorizeWrite(ctx);
  const current = await view(ctx.db, ctx.principal.workspaceId, id);
  const merged: Definition = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const variants = await checkDefinition(ctx, merged);
  return inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadCampaign(tx, ctx.principal.workspaceId, id, { isLocked: true }));
    if (!EDITABLE.includes(before.status)) throw CampaignErrors.CAMPAIGN_NOT_EDITABLE({ detail: `The campaign is ${before.status}` });
    await tx.updateTable('campaign').set({
      name: merged.name, channel: merged.channel, purpose: merged.purpose, segment_id: merged.segment_id, variants: JSON.stringify(variants),
      holdout_share: merged.holdout_share, winner_metric: merged.winner_metric, auto_send_winner: merged.auto_send_winner,
      test_share: merged.test_share, decision_hours: merged.decision_hours, throttle_per_minute: merged.throttle_per_minute,
      cost: merged.cost, currency: merged.currency, updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    const after = await view(tx, ctx.principal.workspaceId, id);
    const changes = diffFields(before, after, AUDITED);
    if (Object.keys(changes).length > 0) await recordChange(tx, ctx, { entityType: 'campaign', entityId: id, action: 'update', event: 'campaign.updated', changes });
    return after;
  });
}

export async function deleteCampaign(ctx: ServiceContext, id: string): Promise<void> {
  authorizeWrite(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadCampaign(tx, ctx.principal.workspaceId, id, { isLocked: true }));
    if (before.status !== 'draft' && before.status !== 'cancelled') {
      throw CampaignErrors.CAMPAIGN_INVALID_TRANSITION({ detail: `A ${before.status} campaign keeps its report; cancel or keep it` });
    }
    await tx.deleteFrom('campaign').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    await recordChange(tx, ctx, { entityType: 'campaign', entityId: id, action: 'delete', event: 'campaign.deleted', changes: diffFields(before, null, AUDITED) });
  });
}

export type CampaignAction = 'schedule' | 'start' | 'pause' | 'resume' | 'cancel';

/** The state machine: which statuses each action leaves from, and where it leads. */
const TRANSITIONS: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus; event: string }> = {
  schedule: { from: ['draft', 'scheduled'], to: 'scheduled', event: 'campaign.scheduled' },
  start: { from: ['draft', 'scheduled'], to: 'sending', event: 'campaign.started' },
  pause: { from: ['sending'], to: 'paused', event: 'campaign.paused' },
  resume: { from: ['paused'], to: 'sending', event: 'campaign.resumed' },
  cancel: { from: ['draft', 'scheduled', 'sending', 'paused'], to: 'cancelled', event: 'campaign.cancelled' },
};

/**
 * Moves a campaign along the state machine in one transaction with its audit entry, its event and
 * the job that acts on it: start and resume queue sending, schedule queues the start.
 */
export async function transitionCampaign(ctx: ServiceContext, jobs: JobQueue, id: string, action: CampaignAction, options: { scheduledAt?: string } = {}): Promise<CampaignView> {
  authorizeWrite(ctx);
  const rule = TRANSITIONS[action];
  const scheduledAt = options.scheduledAt ? new Date(options.scheduledAt) : null;
  if (scheduledAt && scheduledAt.getTime() <= Date.now()) throw CampaignErrors.CAMPAIGN_SCHEDULE_PAST({ field: 'scheduled_at' });
  const result = await inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const before = await loadCampaign(tx, workspaceId, id, { isLocked: true });
    if (!rule.from.includes(before.status)) {
      throw CampaignErrors.CAMPAIGN_INVALID_TRANSITION({ field: 'status', detail: `A ${before.status} campaign can not ${action}` });
    }
    const now = new Date();
    await tx.updateTable('campaign').set({
      status: rule.to, updated_at: now,
      ...(action === 'schedule' ? { scheduled_at: scheduledAt } : {}),
      ...(action === 'start' ? { started_at: now } : {}),
      ...(action === 'cancel' ? { completed_at: now } : {}),
    }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    await enqueueFor(tx, jobs, { ...before, status: rule.to, started_at: action === 'start' ? now : before.started_at }, action, scheduledAt);
    await recordChange(tx, ctx, {
      entityType: 'campaign', entityId: id, action, event: rule.event,
      changes: { status: { before: before.status, after: rule.to }, ...(scheduledAt ? { scheduled_at: { before: iso(before.scheduled_at), after: scheduledAt.toISOString() } } : {}) },
    });
    return view(tx, workspaceId, id);
  });
  if (action === 'start' || action === 'resume') jobs.nudge(SEND_JOB);
  return result;
}

async function enqueueFor(tx: Tx, jobs: JobQueue, campaign: CampaignRow, action: CampaignAction, scheduledAt: Date | null) {
  const data = { workspace_id: campaign.workspace_id, campaign_id: campaign.id };
  if (action === 'schedule') {
    // Keyed by the time: a rescheduled campaign's earlier start job finds the time changed and does nothing.
    await jobs.enqueue(START_JOB, { ...data, scheduled_at: scheduledAt!.toISOString() }, { tx, startAfter: scheduledAt!, idempotencyKey: `${campaign.id}:${scheduledAt!.toISOString()}` });
  }
  if (action === 'start' || action === 'resume') await jobs.enqueue(SEND_JOB, data, { tx });
  if (action === 'start' && campaign.auto_send_winner && campaign.decision_hours) {
    const decideAt = new Date(new Date(campaign.started_at!).getTime() + campaign.decision_hours * 3_600_000);
    await jobs.enqueue(DECIDE_JOB, data, { tx, startAfter: decideAt, idempotencyKey: campaign.id });
  }
}

/** The size of a segment or list now, and how many of it a holdout share keeps back. */
export async function previewAudience(ctx: ServiceContext, input: { segment_id: string; holdout_share: number }) {
  authorizeRead(ctx);
  const segment = await loadSegment(ctx.db, ctx.principal.workspaceId, input.segment_id).catch(() => {
    throw CampaignErrors.CAMPAIGN_SEGMENT_NOT_FOUND({ field: 'segment_id' });
  });
  const holdout = Math.round((segment.member_count * input.holdout_share) / 100);
  return { audience_size: segment.member_count, holdout_estimate: holdout, recipients_estimate: segment.member_count - holdout };
}
