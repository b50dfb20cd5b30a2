import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorize, authorizeConfiguration } from '../../platform/auth/permissions.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { LocalisedText } from '../../platform/records/record-type.ts';
import { DEFAULT_PIPELINE } from './deal-stages.ts';
import './deals.tables.ts';

export const PipelineErrors = defineErrors({
  PIPELINE_NOT_FOUND: { status: 404, title: 'The pipeline does not exist' },
  STAGE_IN_USE: { status: 409, title: 'Deals are still in a stage being removed; move them first' },
  PIPELINE_IN_USE: { status: 409, title: 'The pipeline still has deals; move them to another pipeline first' },
  DEFAULT_PIPELINE: { status: 409, title: 'The default pipeline cannot be deleted; make another one the default first' },
});

export interface PipelineStage {
  key: string;
  label: LocalisedText;
  probability: number;
  rotting_days: number | null;
  outcome: 'open' | 'won' | 'lost';
}

export interface Pipeline {
  id: string;
  name: string;
  position: number;
  is_default: boolean;
  won_reasons: string[];
  lost_reasons: string[];
  stages: PipelineStage[];
}

const stageKey = z.string().regex(/^[a-z0-9_]{1,40}$/, 'Use 1 to 40 lower-case letters, digits or underscores');
const reasons = z.array(z.string().trim().min(1).max(200)).max(50).transform((list) => [...new Set(list)]);

const stageSchema = z.strictObject({
  key: stageKey.optional().describe('Stable identifier; derived from the position when left out on a new stage'),
  label: z.strictObject({ en: z.string().trim().max(100), ru: z.string().trim().max(100) })
    .refine((l) => l.en.length > 0 || l.ru.length > 0, 'Give the stage a name in at least one language'),
  probability: z.number().min(0).max(100),
  rotting_days: z.number().int().min(1).max(3650).nullable().default(null),
  outcome: z.enum(['open', 'won', 'lost']).default('open'),
});

/** The stages in order. A pipeline needs an open stage to start in, and a won and a lost stage to end in. */
const stagesSchema = z.array(stageSchema).min(3).max(30).superRefine((stages, issue) => {
  for (const outcome of ['open', 'won', 'lost'] as const) {
    if (!stages.some((s) => s.outcome === outcome)) issue.addIssue({ code: 'custom', message: `A pipeline needs at least one ${outcome} stage` });
  }
  const keys = stages.map((s) => s.key).filter(Boolean);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated) issue.addIssue({ code: 'custom', message: `Stage key "${repeated}" is used twice` });
});

export const createPipelineSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  is_default: z.boolean().default(false),
  won_reasons: reasons.default([]),
  lost_reasons: reasons.default([]),
  stages: stagesSchema.optional().describe('Defaults to the standard stages'),
});

export const updatePipelineSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  is_default: z.literal(true).optional().describe('Make this the default pipeline for new deals'),
  position: z.number().int().min(0).max(1000).optional(),
  won_reasons: reasons.optional(),
  lost_reasons: reasons.optional(),
  stages: stagesSchema.optional().describe('The whole ordered list; stages left out are removed, which needs them to be empty'),
});

const defaultStages = (): PipelineStage[] => DEFAULT_PIPELINE.stages.map((s) => ({ ...s, label: { ...s.label } }));

/** New stages get keys that can't collide with the ones kept. */
function withKeys(stages: z.infer<typeof stageSchema>[]): PipelineStage[] {
  const used = new Set(stages.map((s) => s.key).filter(Boolean));
  let counter = 1;
  return stages.map((stage) => {
    let key = stage.key;
    while (!key) {
      const candidate = `stage_${counter++}`;
      if (!used.has(candidate)) key = candidate;
    }
    used.add(key);
    return { key, label: stage.label, probability: stage.probability, rotting_days: stage.rotting_days, outcome: stage.outcome };
  });
}

async function writeStages(tx: Tx, workspaceId: string, pipelineId: string, stages: PipelineStage[]) {
  await tx.deleteFrom('pipeline_stage').where('workspace_id', '=', workspaceId).where('pipeline_id', '=', pipelineId).execute();
  await tx.insertInto('pipeline_stage').values(stages.map((s, position) => ({
    workspace_id: workspaceId, pipeline_id: pipelineId, key: s.key, label: JSON.stringify(s.label), position,
    probability: s.probability, rotting_days: s.rotting_days, outcome: s.outcome,
  }))).execute();
}

/**
 * The workspace's default pipeline, created with the standard stages when the workspace has none
 * yet (workspaces made after the pipelines migration). Concurrent first calls create one.
 */
export async function ensureDefaultPipeline(db: Db | Tx, workspaceId: string): Promise<string> {
  const found = await db.selectFrom('pipeline').select('id').where('workspace_id', '=', workspaceId).where('is_default', '=', true).executeTakeFirst();
  if (found) return found.id;
  const run = async (tx: Tx) => {
    const id = newId();
    const inserted = await tx.insertInto('pipeline')
      .values({ workspace_id: workspaceId, id, name: DEFAULT_PIPELINE.name, is_default: true, lost_reasons: DEFAULT_PIPELINE.lostReasons })
      .onConflict((oc) => oc.column('workspace_id').where('is_default', '=', true).doNothing())
      .returning('id').executeTakeFirst();
    if (!inserted) {
      const winner = await tx.selectFrom('pipeline').select('id').where('workspace_id', '=', workspaceId).where('is_default', '=', true).executeTakeFirstOrThrow();
      return winner.id;
    }
    await writeStages(tx, workspaceId, id, defaultStages());
    return id;
  };
  return db.isTransaction ? run(db as Tx) : db.transaction().execute(run);
}

type StageRow = { pipeline_id: string; key: string; label: LocalisedText; probability: string; rotting_days: number | null; outcome: PipelineStage['outcome'] };

const presentStage = (row: StageRow): PipelineStage => ({
  key: row.key, label: row.label, probability: Number(row.probability), rotting_days: row.rotting_days, outcome: row.outcome,
});

/** Every pipeline of the workspace with its stages, default first, then by position. */
export async function loadPipelines(db: Db | Tx, workspaceId: string): Promise<Pipeline[]> {
  await ensureDefaultPipeline(db, workspaceId);
  const pipelines = await db.selectFrom('pipeline')
    .select(['id', 'name', 'position', 'is_default', 'won_reasons', 'lost_reasons'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('is_default', 'desc').orderBy('position').orderBy('id')
    .execute();
  const stages = await db.selectFrom('pipeline_stage')
    .select(['pipeline_id', 'key', 'label', 'probability', 'rotting_days', 'outcome'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('position')
    .execute() as StageRow[];
  return pipelines.map((p) => ({ ...p, stages: stages.filter((s) => s.pipeline_id === p.id).map(presentStage) }));
}

export async function loadPipeline(db: Db | Tx, workspaceId: string, pipelineId: string | undefined): Promise<Pipeline> {
  const pipelines = await loadPipelines(db, workspaceId);
  const pipeline = pipelineId ? pipelines.find((p) => p.id === pipelineId) : pipelines.find((p) => p.is_default);
  if (!pipeline) throw PipelineErrors.PIPELINE_NOT_FOUND({ field: 'pipeline_id' });
  return pipeline;
}

export async function listPipelines(ctx: ServiceContext) {
  authorize(ctx.principal, 'deal', 'read');
  return { data: await loadPipelines(ctx.db, ctx.principal.workspaceId) };
}

async function makeDefault(tx: Tx, workspaceId: string, pipelineId: string) {
  await tx.updateTable('pipeline').set({ is_default: false }).where('workspace_id', '=', workspaceId).where('is_default', '=', true).execute();
  await tx.updateTable('pipeline').set({ is_default: true, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', pipelineId).execute();
}

const auditedShape = (p: Pipeline) => ({
  name: p.name, is_default: p.is_default, won_reasons: p.won_reasons, lost_reasons: p.lost_reasons,
  stages: p.stages.map((s) => `${s.key}:${s.outcome}:${s.probability}%`),
});

export async function createPipeline(ctx: ServiceContext, input: z.infer<typeof createPipelineSchema>) {
  authorizeConfiguration(ctx.principal, 'pipeline', 'pipelines');
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    await ensureDefaultPipeline(tx, workspaceId);
    const id = newId();
    const last = await tx.selectFrom('pipeline').select((eb) => eb.fn.max('position').as('position')).where('workspace_id', '=', workspaceId).executeTakeFirst();
    await tx.insertInto('pipeline').values({
      workspace_id: workspaceId, id, name: input.name, position: Number(last?.position ?? 0) + 1,
      won_reasons: input.won_reasons, lost_reasons: input.lost_reasons,
    }).execute();
    await writeStages(tx, workspaceId, id, input.stages ? withKeys(input.stages) : defaultStages());
    if (input.is_default) await makeDefault(tx, workspaceId, id);
    const created = await loadPipeline(tx, workspaceId, id);
    await recordChange(tx, ctx, {
      entityType: 'pipeline', entityId: id, action: 'create', changes: diffFields(null, auditedShape(created), Object.keys(auditedShape(created))), event: 'pipeline.created',
    });
    return created;
  });
}

export async function updatePipeline(ctx: ServiceContext, pipelineId: string, input: z.infer<typeof updatePipelineSchema>) {
  authorizeConfiguration(ctx.principal, 'pipeline', 'pipelines');
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const before = await loadPipeline(tx, workspaceId, pipelineId);
    if (input.stages) {
      const stages = withKeys(input.stages);
      const kept = new Set(stages.map((s) => s.key));
      const removed = before.stages.filter((s) => !kept.has(s.key)).map((s) => s.key);
      if (removed.length > 0) {
        const inUse = await tx.selectFrom('deal').select(['stage', (eb) => eb.fn.countAll<number>().as('count')])
          .where('workspace_id', '=', workspaceId).where('pipeline_id', '=', pipelineId).where('stage', 'in', removed)
          .groupBy('stage').execute();
        if (inUse.length > 0) {
          throw PipelineErrors.STAGE_IN_USE({
            field: 'stages', detail: inUse.map((u) => `${Number(u.count)} deal(s) in "${u.stage}"`).join(', ') + ' would lose their stage',
          });
        }
      }
      await writeStages(tx, workspaceId, pipelineId, stages);
    }
    const columns = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.won_reasons !== undefined ? { won_reasons: input.won_reasons } : {}),
      ...(input.lost_reasons !== undefined ? { lost_reasons: input.lost_reasons } : {}),
    };
    if (Object.keys(columns).length > 0) {
      await tx.updateTable('pipeline').set({ ...columns, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', pipelineId).execute();
    }
    if (input.is_default && !before.is_default) await makeDefault(tx, workspaceId, pipelineId);
    const after = await loadPipeline(tx, workspaceId, pipelineId);
    const changes = diffFields(auditedShape(before), auditedShape(after), Object.keys(auditedShape(after)));
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, ctx, { entityType: 'pipeline', entityId: pipelineId, action: 'update', changes, event: 'pipeline.updated' });
    }
    return after;
  });
}

export async function deletePipeline(ctx: ServiceContext, pipelineId: string) {
  authorizeConfiguration(ctx.principal, 'pipeline', 'pipelines');
  await inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const before = await loadPipeline(tx, workspaceId, pipelineId);
    if (before.is_default) throw PipelineErrors.DEFAULT_PIPELINE();
    const deals = await sql<{ n: number }>`select count(*)::int as n from deal where workspace_id = ${workspaceId} and pipeline_id = ${pipelineId}`.execute(tx);
    if (deals.rows[0]!.n > 0) throw PipelineErrors.PIPELINE_IN_USE({ detail: `${deals.rows[0]!.n} deal(s) are in this pipeline` });
    await tx.deleteFrom('pipeline').where('workspace_id', '=', workspaceId).where('id', '=', pipelineId).execute();
    await recordChange(tx, ctx, {
      entityType: 'pipeline', entityId: pipelineId, action: 'delete', changes: diffFields(auditedShape(before), null, Object.keys(auditedShape(before))), event: 'pipeline.deleted',
    });
  });
}

/**
 * A deal's pipeline and stage as they would be saved: the pipeline defaults to the workspace's
 * default (or stays), the stage must be one of the pipeline's (a new deal, or one moved to another
 * pipeline without a stage, starts in its first stage). Entering a won or lost stage stamps
 * closed_at; a close reason must be one the pipeline offers when it offers any, and is cleared
 * when the deal is reopened.
 */
export async function resolveDealStage(
  tx: Tx, workspaceId: string, values: Record<string, unknown>, before: Record<string, unknown> | null,
): Promise<Record<string, unknown>> {
  const pipelineId = (values.pipeline_id ?? before?.pipeline_id) as string | null | undefined;
  const pipeline = await loadPipeline(tx, workspaceId, pipelineId ?? undefined).catch((error) => {
    if (error instanceof Error && 'code' in error && error.code === 'PIPELINE_NOT_FOUND') {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'pipeline_id', detail: `No pipeline with id ${String(pipelineId)}` });
    }
    throw error;
  });
  const isPipelineChanged = !before || pipeline.id !== before.pipeline_id;
  let stageKey = (values.stage ?? (isPipelineChanged ? undefined : before?.stage)) as string | undefined;
  if (!stageKey || (!values.stage && !pipeline.stages.some((s) => s.key === stageKey))) stageKey = pipeline.stages[0]!.key;
  const stage = pipeline.stages.find((s) => s.key === stageKey);
  if (!stage) {
    throw PlatformErrors.VALIDATION_FAILED({
      field: 'stage', detail: `"${stageKey}" is not a stage of pipeline "${pipeline.name}"; its stages are ${pipeline.stages.map((s) => s.key).join(', ')}`,
    });
  }
  const resolved: Record<string, unknown> = { ...values, pipeline_id: pipeline.id, stage: stage.key };
  if (stage.outcome === 'open') {
    if (values.close_reason) throw PlatformErrors.VALIDATION_FAILED({ field: 'close_reason', detail: 'Only a won or lost deal has a close reason' });
    if (before?.close_reason || before?.closed_at) Object.assign(resolved, { close_reason: null, closed_at: null });
    return resolved;
  }
  const offered = stage.outcome === 'won' ? pipeline.won_reasons : pipeline.lost_reasons;
  const reason = values.close_reason as string | null | undefined;
  if (reason && offered.length > 0 && !offered.includes(reason)) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'close_reason', detail: `Choose one of: ${offered.join('; ')}` });
  }
  const isEntering = !before || before.stage !== stage.key || isPipelineChanged;
  if (isEntering) resolved.closed_at = new Date();
  return resolved;
}
