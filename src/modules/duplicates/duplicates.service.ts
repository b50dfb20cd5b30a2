import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorize, authorizeRecord, can, isInScope } from '../../platform/auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { RecordRegistry } from '../../platform/records/records.routes.ts';
import { getRecord, recordEventPayload, updateRecord } from '../../platform/records/records.service.ts';
import { hiddenColumns, storedColumns, type RecordRow, type RecordTypeDef } from '../../platform/records/record-type.ts';
import type { MovedReference } from './duplicates.tables.ts';
import './duplicates.tables.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const anyDb = (db: Db) => db as unknown as AnyDb;

export const DuplicateErrors = defineErrors({
  CANDIDATE_NOT_FOUND: { status: 404, title: 'The duplicate pair does not exist' },
  MERGE_NOT_FOUND: { status: 404, title: 'The merge does not exist' },
  MERGE_ALREADY_UNDONE: { status: 409, title: 'The merge has already been undone' },
  MERGE_SAME_RECORD: { status: 400, title: 'A record cannot be merged into itself' },
  NOT_MERGEABLE: { status: 400, title: 'This record type has no duplicate handling' },
});

/** Record types whose duplicates are detected: those that declare what identifies them. */
export const hasDuplicateRules = (def: RecordTypeDef) => !!def.dedupeKeys || !!def.similarDuplicates;

/**
 * Finds likely duplicates of the given records and stores new pairs for review: the same value
 * of an identifying field (email, phone, INN), or a similar name sharing a company or city.
 * Each lookup is index-driven (B-tree on the keys, trigrams on the name), so checking a record
 * costs the same in a table of a thousand or a million.
 */
export async function detectDuplicates(db: Db, workspaceId: string, def: RecordTypeDef, ids: string[]): Promise<number> {
  if (ids.length === 0 || !hasDuplicateRules(def)) return 0;
  const keys = def.dedupeKeys ?? [];
  const similar = def.similarDuplicates;
  const reasons = [
    ...keys.map((k) => sql`case when x.${sql.ref(k)} is not null and p.${sql.ref(k)} = x.${sql.ref(k)} then ${k} end`),
    ...(similar ? [sql`case when similarity(p.${sql.ref(similar.field)}, x.${sql.ref(similar.field)}) >= ${similar.threshold}
      and (${sql.join(similar.sameAny.map((f) => sql`p.${sql.ref(f)} = x.${sql.ref(f)}`), sql` or `)}) then 'similar_name' end`] : []),
  ];
  const matches = [
    ...keys.map((k) => sql`(x.${sql.ref(k)} is not null and p.${sql.ref(k)} = x.${sql.ref(k)})`),
    // The trigram index narrows by word similarity (%>), not by the similarity operator (%):
    // in PGlite a query using % now and then leaves the backend spinning on the next statement.
    // A narrowing column holds the name's words in order, so a name similar enough to the whole
    // of another is at least as similar to the part of that column where the name sits.
    ...(similar ? [sql`(p.${sql.ref(similar.narrowedBy ?? similar.field)} %> x.${sql.ref(similar.field)}
      and similarity(p.${sql.ref(similar.field)}, x.${sql.ref(similar.field)}) >= ${similar.threshold}
      and (${sql.join(similar.sameAny.map((f) => sql`p.${sql.ref(f)} = x.${sql.ref(f)}`), sql` or `)}))`] : []),
  ];
  const similarity = similar ? sql`similarity(p.${sql.ref(similar.field)}, x.${sql.ref(similar.field)})` : sql`0`;
  const pairs = await sql<{ record_a: string; record_b: string; reasons: string[]; similarity: number }>`
    select distinct on (least(x.id, m.id), greatest(x.id, m.id))
      least(x.id, m.id) as record_a, greatest(x.id, m.id) as record_b, m.reasons, m.similarity
    from ${sql.table(def.table)} x
    cross join lateral (
      select p.id, array_remove(array[${sql.join(reasons)}]::text[], null) as reasons, ${similarity}::real as similarity
      from ${sql.table(def.table)} p
      where p.workspace_id = x.workspace_id and p.id <> x.id and (${sql.join(matches, sql` or `)})
      limit 20
    ) m
    where x.workspace_id = ${workspaceId} and x.id = any(${ids}::uuid[]) and cardinality(m.reasons) > 0`.execute(db);
  if (pairs.rows.length === 0) return 0;
  const result = await db.insertInto('duplicate_candidate').values(pairs.rows.map((p) => ({
    workspace_id: workspaceId, id: newId(), object_type: def.type, record_a: p.record_a, record_b: p.record_b, reasons: p.reasons,
    // An identifying field in common is near-certain; a similar name alone is a hint.
    score: Math.min(1, 0.9 * p.reasons.filter((r) => r !== 'similar_name').length + 0.5 * Number(p.similarity)),
  }))).onConflict((oc) => oc.columns(['workspace_id', 'object_type', 'record_a', 'record_b']).doNothing()).returning('id').execute();
  return result.length;
}

/** Checks every record of a type, a page of ids at a time (a background job). */
export async function scanForDuplicates(db: Db, workspaceId: string, def: RecordTypeDef, pageSize = 500): Promise<number> {
  let found = 0;
  let afterId: string | undefined;
  for (;;) {
    let query = anyDb(db).selectFrom(def.table).select('id').where('workspace_id', '=', workspaceId).orderBy('id').limit(pageSize);
    if (afterId) query = query.where('id', '>', afterId);
    const ids = (await query.execute()).map((r) => r.id as string);
    if (ids.length === 0) return found;
    found += await detectDuplicates(db, workspaceId, def, ids);
    afterId = ids.at(-1);
  }
}

export async function listCandidates(ctx: ServiceContext, def: RecordTypeDef, options: { status: string; limit: number; cursor?: string }) {
  authorize(ctx.principal, def.type, 'update');
  let query = ctx.db.selectFrom('duplicate_candidate').select(['id', 'object_type', 'record_a', 'record_b', 'reasons', 'score', 'status', 'created_at'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', def.type).where('status', '=', options.status as 'open')
    .orderBy('id', 'desc').limit(options.limit + 1);
  if (options.cursor) query = query.where('id', '<', decodeCursor(options.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  // Both records as the reader may see them; a pair with a record outside their scope is left out.
  const data = [];
  for (const row of page) {
    try {
      const [a, b] = [await getRecord(ctx, def, row.record_a), await getRecord(ctx, def, row.record_b)];
      data.push({ ...row, created_at: new Date(row.created_at).toISOString(), records: [a, b] });
    } catch (error) {
      if ((error as { code?: string }).code !== 'NOT_FOUND') throw error;
    }
  }
  return { data, next_cursor: rows.length > options.limit ? encodeCursor(page.at(-1)!.id) : null };
}

export async function dismissCandidate(ctx: ServiceContext, id: string) {
  return inTransaction(ctx, async (tx, ctx) => {
    const row = await tx.updateTable('duplicate_candidate').set({ status: 'dismissed', resolved_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).where('status', '=', 'open')
      .returning(['id', 'object_type', 'record_a', 'record_b']).executeTakeFirst();
    if (!row) throw DuplicateErrors.CANDIDATE_NOT_FOUND();
    authorize(ctx.principal, row.object_type, 'update');
    await recordChange(tx, ctx, {
      entityType: 'duplicate_candidate', entityId: id, action: 'dismiss', changes: { status: { before: 'open', after: 'dismissed' } }, event: 'duplicate.dismissed',
    });
  });
}

export const mergeInputSchema = z.strictObject({
  object_type: z.string().min(1).max(64),
  survivor_id: z.uuid(),
  merged_id: z.uuid(),
  /** Per field, whose value the survivor keeps. Unlisted fields keep the survivor's value, or the other's when the survivor has none. */
  take: z.record(z.string().max(100), z.enum(['survivor', 'merged'])).default({}),
});

/** Every column (of every record type) that refers to records of this type, custom relations included. */
async function referencesTo(ctx: ServiceContext, registry: RecordRegistry, type: string): Promise<Omit<MovedReference, 'ids'>[]> {
  const refs: Omit<MovedReference, 'ids'>[] = [];
  // The workspace's own types too: a contract (custom object) may name the merged company.
  const types = await registry.forWorkspace(ctx.db, ctx.principal.workspaceId);
  for (const def of types) {
    for (const f of def.fields) if (f.kind === 'reference' && f.references === type) refs.push({ table: def.table, column: f.name });
    for (const c of def.computedFields ?? []) if (c.references === type) refs.push({ table: def.table, column: c.name });
    for (const link of def.linkedReferences ?? []) if (link.references === type) refs.push({ table: link.table, column: link.column });
  }
  const custom = await ctx.db.selectFrom('custom_field').select(['object_type', 'key'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('kind', '=', 'relation').where('references_type', '=', type).execute();
  for (const c of custom) {
    const def = types.find((t) => t.type === c.object_type);
    if (def && !refs.some((r) => r.table === def.table && r.customKey === c.key)) refs.push({ table: def.table, column: 'custom', customKey: c.key });
  }
  return refs;
}

/** Points references from one record to another, returning which rows moved (for undo). */
async function moveReferences(tx: Tx, workspaceId: string, refs: Omit<MovedReference, 'ids'>[], fromId: string, toId: string): Promise<MovedReference[]> {
  const moved: MovedReference[] = [];
  for (const ref of refs) {
    const result = ref.customKey
      ? await sql<{ id: string }>`
          update ${sql.table(ref.table)} set custom = jsonb_set(custom, ${[ref.customKey]}::text[], to_jsonb(${toId}::text))
          where workspace_id = ${workspaceId} and custom @> ${JSON.stringify({ [ref.customKey]: fromId })}::jsonb returning id`.execute(tx)
      : await sql<{ id: string }>`
          update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${toId}
          where workspace_id = ${workspaceId} and ${sql.ref(ref.column)} = ${fromId} returning id`.execute(tx);
    if (result.rows.length > 0) moved.push({ ...ref, ids: result.rows.map((r) => r.id) });
  }
  return moved;
}

/**
 * Merges one record into another in one transaction: the survivor takes the chosen values, every
 * activity, deal, lead and relation of the merged record moves to it, and the merged record goes.
 * The merge is audited and stored with what it changed, so it can be undone.
 */
export async function mergeRecords(ctx: ServiceContext, registry: RecordRegistry, input: z.output<typeof mergeInputSchema>) {
  const def = registry.get(input.object_type);
  if (!def || !hasDuplicateRules(def)) throw DuplicateErrors.NOT_MERGEABLE({ field: 'object_type' });
  if (input.survivor_id === input.merged_id) throw DuplicateErrors.MERGE_SAME_RECORD({ field: 'merged_id' });
  const resolve = (type: string) => registry.get(type);
  return inTransaction(ctx, async (tx, ctx) => {
    const load = async (id: string, field: string) => {
      const row = await anyDb(tx).selectFrom(def.table).select(storedColumns(def))
        .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() as RecordRow | undefined;
      if (!row) throw PlatformErrors.NOT_FOUND({ field, detail: `No ${def.type} with id ${id}` });
      return row;
    };
    const survivor = await load(input.survivor_id, 'survivor_id');
    const merged = await load(input.merged_id, 'merged_id');
    authorizeRecord(ctx.principal, def.type, 'update', survivor.owner_id);
    authorizeRecord(ctx.principal, def.type, 'delete', merged.owner_id);

    // The survivor's values, filled from the merged record where chosen or where it has none.
    const changes: Record<string, unknown> = {};
    for (const field of def.fields) {
      const choice = input.take[field.name];
      const value = merged[field.name];
      if (value === null || value === undefined) continue;
      if (choice === 'merged' || (choice === undefined && (survivor[field.name] === null || survivor[field.name] === undefined))) {
        changes[field.name] = value instanceof Date ? value.toISOString() : value;
      }
    }
    for (const name of Object.keys(input.take)) {
      if (!def.fields.some((f) => f.name === name) && !name.startsWith('custom.')) throw PlatformErrors.VALIDATION_FAILED({ field: `take.${name}`, detail: `No field ${name}` });
    }
    const survivorCustom = (survivor.custom ?? {}) as Record<string, unknown>;
    const mergedCustom = (merged.custom ?? {}) as Record<string, unknown>;
    const customChanges = Object.fromEntries(Object.entries(mergedCustom).filter(([key]) =>
      input.take[`custom.${key}`] === 'merged' || (input.take[`custom.${key}`] === undefined && survivorCustom[key] === undefined)));
    const after = Object.keys(changes).length + Object.keys(customChanges).length > 0
      ? await updateRecord(ctx, def, survivor.id, { ...changes, ...(Object.keys(customChanges).length > 0 ? { custom: customChanges } : {}) }, resolve)
      : survivor;

    const moved = await moveReferences(tx, ctx.principal.workspaceId, await referencesTo(ctx, registry, def.type), merged.id, survivor.id);
    await anyDb(tx).deleteFrom(def.table).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', merged.id).execute();
    await tx.updateTable('duplicate_candidate').set({ status: 'merged', resolved_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', def.type).where('status', '=', 'open')
      .where((eb) => eb.or([eb('record_a', '=', merged.id), eb('record_b', '=', merged.id)]))
      .execute();

    const mergeId = newId();
    const jsonRow = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
    await tx.insertInto('record_merge').values({
      workspace_id: ctx.principal.workspaceId, id: mergeId, object_type: def.type, survivor_id: survivor.id, merged_id: merged.id,
      merged_row: jsonRow(merged), survivor_before: jsonRow(survivor), survivor_after: jsonRow(after as Record<string, unknown>),
      moved_references: JSON.stringify(moved), actor_id: ctx.principal.id,
    }).execute();
    const auditChanges = { merged_id: { after: merged.id }, merge_id: { after: mergeId }, moved: { after: moved.map((m) => `${m.table}.${m.customKey ?? m.column}: ${m.ids.length}`) } };
    await recordChange(tx, ctx, {
      entityType: def.type, entityId: survivor.id, action: 'merge', changes: auditChanges, event: `${def.type}.merged`,
      payload: { ...recordEventPayload(def, survivor, {}), merged_id: merged.id, merge_id: mergeId },
    });
    // The merged record's history continues on the survivor's timeline.
    await recordChange(tx, ctx, {
      entityType: def.type, entityId: merged.id, action: 'merged_into', changes: diffFields(merged, null, def.fields.map((f) => f.name)),
      event: `${def.type}.merged_into`,
      payload: { ...recordEventPayload(def, merged, {}), references: {}, history_to: [{ type: def.type, id: survivor.id }] },
    });
    return { merge_id: mergeId, survivor: after, moved_references: moved.map(({ table, column, customKey, ids }) => ({ table, column: customKey ? `custom.${customKey}` : column, count: ids.length })) };
  });
}

/**
 * Undoes a merge: the merged record comes back with its id, its references move back, and the
 * survivor's fields the merge filled return to their old values, unless edited since.
 */
export async function undoMerge(ctx: ServiceContext, registry: RecordRegistry, mergeId: string) {
  return inTransaction(ctx, async (tx, ctx) => {
    const merge = await tx.selectFrom('record_merge').selectAll()
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw DuplicateErrors.MERGE_NOT_FOUND();
    if (merge.undone_at) throw DuplicateErrors.MERGE_ALREADY_UNDONE();
    const def = registry.get(merge.object_type)!;
    const current = await anyDb(tx).selectFrom(def.table).select(storedColumns(def))
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', merge.survivor_id).forUpdate().executeTakeFirst() as RecordRow | undefined;
    if (!current) throw PlatformErrors.NOT_FOUND({ detail: 'The surviving record no longer exists' });
    authorizeRecord(ctx.principal, def.type, 'update', current.owner_id);
    authorizeRecord(ctx.principal, def.type, 'create', merge.merged_row.owner_id as string | null);

    // Restore the survivor's values the merge set, where nobody has changed them since.
    const same = (a: unknown, b: unknown) => JSON.stringify(a instanceof Date ? a.toISOString() : a ?? null) === JSON.stringify(b ?? null);
    const restore: Record<string, unknown> = {};
    for (const field of def.fields) {
      const name = field.name;
      if (!same(merge.survivor_before[name], merge.survivor_after[name]) && same(current[name], merge.survivor_after[name])) restore[name] = merge.survivor_before[name];
    }
    const beforeCustom = (merge.survivor_before.custom ?? {}) as Record<string, unknown>;
    const afterCustom = (merge.survivor_after.custom ?? {}) as Record<string, unknown>;
    const currentCustom = (current.custom ?? {}) as Record<string, unknown>;
    const customRestore = Object.fromEntries(Object.keys(afterCustom)
      .filter((k) => !same(beforeCustom[k], afterCustom[k]) && same(currentCustom[k], afterCustom[k]))
      .map((k) => [k, beforeCustom[k] ?? null]));
    const resolve = (type: string) => registry.get(type);
    if (Object.keys(restore).length + Object.keys(customRestore).length > 0) {
      await updateRecord(ctx, def, merge.survivor_id, { ...restore, ...(Object.keys(customRestore).length > 0 ? { custom: customRestore } : {}) }, resolve);
    }

    const row = merge.merged_row;
    const computed = new Set((def.computedFields ?? []).filter((c) => c.isGenerated).map((c) => c.name));
    await anyDb(tx).insertInto(def.table).values({
      ...Object.fromEntries(Object.entries(row).filter(([k]) => !computed.has(k))),
      workspace_id: ctx.principal.workspaceId, custom: JSON.stringify(row.custom ?? {}),
    }).execute();
    for (const ref of merge.moved_references) {
      if (ref.customKey) {
        await sql`update ${sql.table(ref.table)} set custom = jsonb_set(custom, ${[ref.customKey]}::text[], to_jsonb(${merge.merged_id}::text))
          where workspace_id = ${ctx.principal.workspaceId} and id in (${sql.join(ref.ids)})`.execute(tx);
      } else {
        await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${merge.merged_id}
          where workspace_id = ${ctx.principal.workspaceId} and id in (${sql.join(ref.ids)})`.execute(tx);
      }
    }
    await tx.updateTable('record_merge').set({ undone_at: new Date() }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', mergeId).execute();
    // The two are a pair to review again.
    const [a, b] = [merge.survivor_id, merge.merged_id].sort();
    await tx.updateTable('duplicate_candidate').set({ status: 'open', resolved_at: null })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', def.type)
      .where('record_a', '=', a!).where('record_b', '=', b!).execute();
    await recordChange(tx, ctx, {
      entityType: def.type, entityId: merge.survivor_id, action: 'unmerge',
      changes: { merged_id: { before: merge.merged_id }, merge_id: { after: mergeId } }, event: `${def.type}.unmerged`,
      payload: { ...recordEventPayload(def, current, {}), merged_id: merge.merged_id, merge_id: mergeId },
    });
    return { merge_id: mergeId, restored_id: merge.merged_id, survivor_id: merge.survivor_id };
  });
}

/** Recent merges the reader may see: both records in their scope, the merged one's hidden fields left out. */
export async function listMerges(ctx: ServiceContext, registry: RecordRegistry, options: { objectType?: string; limit: number }) {
  let query = ctx.db.selectFrom('record_merge').select(['id', 'object_type', 'survivor_id', 'merged_id', 'merged_row', 'actor_id', 'created_at', 'undone_at'])
    .where('workspace_id', '=', ctx.principal.workspaceId).orderBy('id', 'desc').limit(options.limit);
  if (options.objectType) query = query.where('object_type', '=', options.objectType);
  const visible = [];
  for (const row of await query.execute()) {
    const def = registry.get(row.object_type);
    if (!def || !can(ctx.principal, def.type, 'update')) continue;
    if (!isInScope(authorize(ctx.principal, def.type, 'read'), row.merged_row.owner_id as string | null)) continue;
    const hidden = hiddenColumns(ctx.principal, def);
    visible.push({ ...row, merged_row: Object.fromEntries(Object.entries(row.merged_row).filter(([key]) => !hidden.has(key))) });
  }
  return visible;
}
