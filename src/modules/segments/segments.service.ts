import { sql, type Selectable } from 'kysely';
import { authorize, authorizeConfiguration } from '../../platform/auth/permissions.ts';
import type { FieldChanges } from '../../platform/audit/audit.service.ts';
import { recordChange } from '../../platform/changes.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { recordScopeCondition } from '../../platform/records/record-scope.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { filterContextFor } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import { evaluateSegments, type SegmentEvaluation } from './segment-evaluation.service.ts';
import { analyseRules, compileRules } from './segment-rules.compiler.ts';
import type { SegmentRule } from './segment-rules.schema.ts';
import { SegmentErrors } from './segments.errors.ts';
import type { SegmentInput, SegmentOutput, SegmentUpdate } from './segments.schemas.ts';
import type { SegmentTable } from './segments.tables.ts';

const PREVIEW_SAMPLE = 20;

/** Segments are read by whoever may read people; members are then limited to the reader's scope. */
export const authorizeSegmentRead = (ctx: ServiceContext) => authorize(ctx.principal, 'person', 'read');

/** Segments shape marketing for everybody: managers and administrators define them. */
export const authorizeSegmentWrite = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'person', 'segments');

export function presentSegment(row: Selectable<SegmentTable>): SegmentOutput {
  return {
    id: row.id, name: row.name, description: row.description, kind: row.kind, rules: row.rules, member_count: row.member_count,
    evaluated_at: row.evaluated_at ? new Date(row.evaluated_at).toISOString() : null, last_error: row.last_error,
    created_at: row.created_at.toISOString(), updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function loadSegment(db: Db, workspaceId: string, id: string): Promise<Selectable<SegmentTable>> {
  const row = await db.selectFrom('segment').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw SegmentErrors.SEGMENT_NOT_FOUND({ detail: `There is no segment ${id}` });
  return row;
}

export async function listSegments(ctx: ServiceContext): Promise<{ data: SegmentOutput[] }> {
  authorizeSegmentRead(ctx);
  const rows = await ctx.db.selectFrom('segment').selectAll().where('workspace_id', '=', ctx.principal.workspaceId).orderBy('name').execute();
  return { data: rows.map(presentSegment) };
}

export async function getSegment(ctx: ServiceContext, id: string): Promise<SegmentOutput> {
  authorizeSegmentRead(ctx);
  return presentSegment(await loadSegment(ctx.db, ctx.principal.workspaceId, id));
}

/**
 * Checks rules as the caller: fields they may filter on, values by the fields' own schemas,
 * included segments that exist, and no cycle through the segment being saved.
 */
async function checkRules(ctx: ServiceContext, rules: SegmentRule, segmentId: string | null) {
  const condition = compileRules({ workspaceId: ctx.principal.workspaceId, filtering: await filterContextFor(ctx, personRecordType) }, rules);
  const analysis = { ...analyseRules(rules), condition };
  if (analysis.segments.length === 0) return analysis;
  const graph = new Map((await ctx.db.selectFrom('segment').select(['id', 'depends_on'])
    .where('workspace_id', '=', ctx.principal.workspaceId).execute()).map((s) => [s.id, s.depends_on]));
  for (const { id, path } of analysis.segments) {
    if (!graph.has(id)) throw SegmentErrors.SEGMENT_RULE_INVALID({ field: `${path}.segment_id`, detail: `There is no segment ${id}` });
    if (segmentId && reaches(graph, id, segmentId)) {
      throw SegmentErrors.SEGMENT_CYCLE({ field: `${path}.segment_id`, detail: 'That segment includes this one, directly or through others' });
    }
  }
  return analysis;
}

function reaches(graph: Map<string, string[]>, from: string, target: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.get(id) ?? []));
  }
  return false;
}

function checkKindRules(kind: 'dynamic' | 'static', rules: SegmentRule | null | undefined): void {
  if (kind === 'dynamic' && !rules) throw SegmentErrors.SEGMENT_RULE_INVALID({ field: 'rules', detail: 'A dynamic segment needs rules' });
  if (kind === 'static' && rules) throw SegmentErrors.SEGMENT_RULE_INVALID({ field: 'rules', detail: 'A static list has no rules: people are added by hand or by import' });
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

async function withNameCheck<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw SegmentErrors.SEGMENT_NAME_TAKEN({ field: 'name' });
    throw error;
  }
}

/** Creates a segment; a dynamic one is evaluated at once, so it opens with its members. */
export async function createSegment(ctx: ServiceContext, input: SegmentInput): Promise<SegmentOutput> {
  authorizeSegmentWrite(ctx);
  checkKindRules(input.kind, input.rules);
  const analysis = input.rules ? await checkRules(ctx, input.rules, null) : { segments: [], dataKinds: [] };
  const id = newId();
  await withNameCheck(() => inTransaction(ctx, async (tx, txCtx) => {
    await tx.insertInto('segment').values({
      workspace_id: ctx.principal.workspaceId, id, name: input.name, description: input.description ?? null, kind: input.kind,
      rules: input.rules ? JSON.stringify(input.rules) : null, depends_on: analysis.segments.map((s) => s.id), data_kinds: analysis.dataKinds,
      created_by: ctx.principal.userId, updated_at: new Date(),
    }).execute();
    const changes = { name: { after: input.name }, kind: { after: input.kind }, description: { after: input.description ?? null }, rules: { after: input.rules ?? null } };
    await recordChange(tx, txCtx, { entityType: 'segment', entityId: id, action: 'create', changes, event: 'segment.created', payload: { changes, title: input.name } });
  }));
  if (input.kind === 'dynamic') await evaluateSegments(ctx.db, ctx.principal.workspaceId, { segmentIds: [id], actor: ctx });
  return presentSegment(await loadSegment(ctx.db, ctx.principal.workspaceId, id));
}

export async function updateSegment(ctx: ServiceContext, id: string, patch: SegmentUpdate): Promise<SegmentOutput> {
  authorizeSegmentWrite(ctx);
  const before = await loadSegment(ctx.db, ctx.principal.workspaceId, id);
  if (patch.rules !== undefined) checkKindRules(before.kind, patch.rules);
  const analysis = patch.rules ? await checkRules(ctx, patch.rules, id) : null;
  const changes: FieldChanges = {};
  if (patch.name !== undefined && patch.name !== before.name) changes.name = { before: before.name, after: patch.name };
  if (patch.description !== undefined && patch.description !== before.description) changes.description = { before: before.description, after: patch.description };
  const isRulesChanged = patch.rules !== undefined && JSON.stringify(patch.rules) !== JSON.stringify(before.rules);
  if (isRulesChanged) changes.rules = { before: before.rules, after: patch.rules };
  if (Object.keys(changes).length === 0) return presentSegment(before);
  await withNameCheck(() => inTransaction(ctx, async (tx, txCtx) => {
    await tx.updateTable('segment').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(analysis ? { rules: JSON.stringify(patch.rules), depends_on: analysis.segments.map((s) => s.id), data_kinds: analysis.dataKinds } : {}),
      updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    await recordChange(tx, txCtx, { entityType: 'segment', entityId: id, action: 'update', changes, event: 'segment.updated', payload: { changes, title: patch.name ?? before.name } });
  }));
  if (isRulesChanged) await evaluateSegments(ctx.db, ctx.principal.workspaceId, { segmentIds: [id], actor: ctx });
  return presentSegment(await loadSegment(ctx.db, ctx.principal.workspaceId, id));
}

/** Deletes a segment no other segment includes; its history stays. */
export async function deleteSegment(ctx: ServiceContext, id: string): Promise<void> {
  authorizeSegmentWrite(ctx);
  const segment = await loadSegment(ctx.db, ctx.principal.workspaceId, id);
  const dependents = await ctx.db.selectFrom('segment').select('name').where('workspace_id', '=', ctx.principal.workspaceId)
    .where(sql<boolean>`depends_on @> array[${id}]::uuid[]`).execute();
  if (dependents.length > 0) throw SegmentErrors.SEGMENT_IN_USE({ detail: `Included by: ${dependents.map((d) => d.name).join(', ')}` });
  await inTransaction(ctx, async (tx, txCtx) => {
    await tx.deleteFrom('segment').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    const changes = { name: { before: segment.name }, kind: { before: segment.kind }, rules: { before: segment.rules } };
    await recordChange(tx, txCtx, { entityType: 'segment', entityId: id, action: 'delete', changes, event: 'segment.deleted', payload: { changes, title: segment.name } });
  });
}

/** Re-evaluates a dynamic segment now (and the segments including it). */
export async function evaluateSegmentNow(ctx: ServiceContext, id: string): Promise<{ entered: number; exited: number; member_count: number }> {
  authorizeSegmentWrite(ctx);
  const segment = await loadSegment(ctx.db, ctx.principal.workspaceId, id);
  const outcomes: SegmentEvaluation[] = segment.kind === 'dynamic'
    ? await evaluateSegments(ctx.db, ctx.principal.workspaceId, { segmentIds: [id], actor: ctx })
    : [];
  const own = outcomes.find((o) => o.segmentId === id);
  const after = await loadSegment(ctx.db, ctx.principal.workspaceId, id);
  if (after.last_error) throw SegmentErrors.SEGMENT_RULE_INVALID({ field: 'rules', detail: after.last_error });
  return { entered: own?.entered ?? 0, exited: own?.exited ?? 0, member_count: after.member_count };
}

/**
 * The live size of unsaved rules and a sample of members, in one query: the count covers the
 * whole workspace, the sample only people the reader may see (names hidden by a field rule stay hidden).
 */
export async function previewSegment(ctx: ServiceContext, rules: SegmentRule): Promise<{ count: number; sample: { id: string; full_name: string | null }[] }> {
  const scope = authorizeSegmentRead(ctx);
  const { condition } = await checkRules(ctx, rules, null);
  const workspaceId = ctx.principal.workspaceId;
  const isNameHidden = hiddenColumns(ctx.principal, personRecordType).has('full_name');
  const rows = (await sql<{ total: number; id: string | null; full_name: string | null }>`
    with matched as (
      select person.id, person.owner_id, person.full_name from person where person.workspace_id = ${workspaceId} and ${condition}
    )
    select c.total, s.id, s.full_name
    from (select count(*)::int as total from matched) c
    left join lateral (
      select id, full_name from matched where ${recordScopeCondition(personRecordType, scope)} order by id desc limit ${PREVIEW_SAMPLE}
    ) s on true`.execute(ctx.db)).rows;
  return {
    count: rows[0]?.total ?? 0,
    sample: rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, full_name: isNameHidden ? null : r.full_name })),
  };
}
