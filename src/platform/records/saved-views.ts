import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../context.ts';
import { recordChange } from '../changes.ts';
import { diffFields } from '../audit/audit.service.ts';
import { authorize, type Principal } from '../auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../errors.ts';
import { newId } from '../ids.ts';
import type { RecordTypeDef } from './record-type.ts';
import { compileFilter, parseFilter, parseSort, type Filter } from './filter.ts';
import type { Tx } from '../db/database.ts';
import { filterContextFor } from './records.service.ts';

export const SavedViewErrors = defineErrors({
  VIEW_NOT_FOUND: { status: 404, title: 'The view does not exist' },
  VIEW_NOT_YOURS: { status: 403, title: 'Only its author, or someone who may share views, can change this view' },
});

export const VIEW_LAYOUTS = ['table', 'kanban'] as const;

export const savedViewInputSchema = z.strictObject({
  object_type: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  is_shared: z.boolean().default(false),
  filter: z.record(z.string(), z.unknown()).nullable().default(null).describe('A filter in the list filter language (see docs/filters.md)'),
  sort: z.string().min(1).max(110).nullable().default(null),
  columns: z.array(z.string().min(1).max(100)).max(100).default([]),
  group_by: z.string().min(1).max(100).nullable().default(null),
  layout: z.enum(VIEW_LAYOUTS).default('table'),
});
export const savedViewUpdateSchema = savedViewInputSchema.omit({ object_type: true }).partial();

export type SavedViewRow = {
  id: string;
  object_type: string;
  name: string;
  owner_id: string;
  is_shared: boolean;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  group_by: string | null;
  layout: (typeof VIEW_LAYOUTS)[number];
  created_at: Date;
  updated_at: Date;
};

const columns = ['id', 'object_type', 'name', 'owner_id', 'is_shared', 'filter', 'sort', 'columns', 'group_by', 'layout', 'created_at', 'updated_at'] as const;

export function presentView(row: SavedViewRow) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

/** Sharing a view with everyone takes a role that acts beyond its own records (managers, admins). */
export function canShareViews(principal: Principal): boolean {
  const grant = principal.permissions.saved_view ?? principal.permissions['*'];
  return principal.kind !== 'api_key' && !!grant && grant.actions.includes('create') && grant.scope !== 'own';
}

export async function listViews(ctx: ServiceContext, objectType?: string): Promise<SavedViewRow[]> {
  let query = ctx.db.selectFrom('saved_view').select(columns)
    .where('workspace_id', '=', ctx.principal.workspaceId)
    .where((eb) => eb.or([eb('is_shared', '=', true), eb('owner_id', '=', ctx.principal.userId ?? ctx.principal.id)]));
  if (objectType) query = query.where('object_type', '=', objectType);
  return (await query.orderBy('name').execute()) as SavedViewRow[];
}

/** A view the principal may use: their own or a shared one. Anything else looks missing. */
export async function findView(ctx: ServiceContext, id: string): Promise<SavedViewRow> {
  const row = await ctx.db.selectFrom('saved_view').select(columns)
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id)
    .executeTakeFirst() as SavedViewRow | undefined;
  if (!row || (!row.is_shared && row.owner_id !== (ctx.principal.userId ?? ctx.principal.id))) throw SavedViewErrors.VIEW_NOT_FOUND({ field: 'view' });
  return row;
}

/** A view must make sense for its type and for its author: every field it names must exist and be visible. */
async function assertViewIsValid(ctx: ServiceContext, def: RecordTypeDef, view: Omit<z.output<typeof savedViewInputSchema>, 'object_type' | 'name'>) {
  const filtering = await filterContextFor(ctx, def);
  if (view.filter) compileFilter(filtering, parseFilter(view.filter));
  if (view.sort) parseSort(filtering.fields, view.sort);
  for (const [index, column] of view.columns.entries()) {
    if (!filtering.fields.has(column)) throw PlatformErrors.VALIDATION_FAILED({ field: `columns.${index}`, detail: `There is no field ${column}` });
  }
  if (view.group_by && !filtering.fields.has(view.group_by)) throw PlatformErrors.VALIDATION_FAILED({ field: 'group_by', detail: `There is no field ${view.group_by}` });
  if (view.layout === 'kanban' && !view.group_by) throw PlatformErrors.VALIDATION_FAILED({ field: 'group_by', detail: 'A kanban view needs a field to group by' });
}

const audited = ['name', 'is_shared', 'filter', 'sort', 'columns', 'group_by', 'layout'];

export async function createView(ctx: ServiceContext, def: RecordTypeDef, input: z.output<typeof savedViewInputSchema>) {
  authorize(ctx.principal, def.type, 'read');
  if (input.is_shared && !canShareViews(ctx.principal)) throw SavedViewErrors.VIEW_NOT_YOURS({ field: 'is_shared', detail: 'Your role may not share views' });
  await assertViewIsValid(ctx, def, input);
  return inTransaction(ctx, async (tx, ctx) => {
    const row = await tx.insertInto('saved_view').values({
      workspace_id: ctx.principal.workspaceId, id: newId(), object_type: def.type, name: input.name,
      owner_id: ctx.principal.userId ?? ctx.principal.id, is_shared: input.is_shared,
      filter: input.filter ? JSON.stringify(input.filter) : null, sort: input.sort, columns: JSON.stringify(input.columns),
      group_by: input.group_by, layout: input.layout,
    }).returning(columns).executeTakeFirstOrThrow() as SavedViewRow;
    await recordChange(tx, ctx, { entityType: 'saved_view', entityId: row.id, action: 'create', changes: diffFields(null, row, audited), event: 'saved_view.created' });
    return row;
  });
}

function assertMayChange(ctx: ServiceContext, view: SavedViewRow) {
  const isAuthor = view.owner_id === (ctx.principal.userId ?? ctx.principal.id);
  if (!isAuthor && !(view.is_shared && canShareViews(ctx.principal))) throw SavedViewErrors.VIEW_NOT_YOURS();
}

export async function updateView(ctx: ServiceContext, def: (type: string) => RecordTypeDef | undefined, id: string, input: z.output<typeof savedViewUpdateSchema>) {
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await findView(ctx, id);
    assertMayChange(ctx, before);
    if (input.is_shared && !before.is_shared && !canShareViews(ctx.principal)) throw SavedViewErrors.VIEW_NOT_YOURS({ field: 'is_shared', detail: 'Your role may not share views' });
    const merged = { ...before, ...input };
    const type = def(before.object_type);
    if (!type) throw SavedViewErrors.VIEW_NOT_FOUND();
    await assertViewIsValid(ctx, type, merged);
    const after = await tx.updateTable('saved_view').set({
      name: merged.name, is_shared: merged.is_shared, filter: merged.filter ? JSON.stringify(merged.filter) : null, sort: merged.sort,
      columns: JSON.stringify(merged.columns), group_by: merged.group_by, layout: merged.layout, updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).returning(columns).executeTakeFirstOrThrow() as SavedViewRow;
    await recordChange(tx, ctx, { entityType: 'saved_view', entityId: id, action: 'update', changes: diffFields(before, after, audited), event: 'saved_view.updated' });
    return after;
  });
}

export async function deleteView(ctx: ServiceContext, id: string) {
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await findView(ctx, id);
    assertMayChange(ctx, before);
    await tx.deleteFrom('saved_view').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    await recordChange(tx, ctx, { entityType: 'saved_view', entityId: id, action: 'delete', changes: diffFields(before, null, audited), event: 'saved_view.deleted' });
  });
}

/**
 * Drops what no longer exists from a filter: conditions on a removed field, and values of removed
 * options (a list keeps its other values). Returns null when nothing is left.
 */
function pruneFilter(node: Filter, field: string, removedValues: ReadonlySet<string> | 'field'): Filter | null {
  const prune = (children: Filter[]) => children.map((child) => pruneFilter(child, field, removedValues)).filter((child): child is Filter => child !== null);
  if ('and' in node) {
    const and = prune(node.and);
    return and.length === 0 ? null : { and };
  }
  if ('or' in node) {
    const or = prune(node.or);
    return or.length === 0 ? null : { or };
  }
  if ('not' in node) {
    const inner = pruneFilter(node.not, field, removedValues);
    return inner === null ? null : { not: inner };
  }
  if (node.field !== field) return node;
  if (removedValues === 'field') return null;
  if (Array.isArray(node.value)) {
    const kept = node.value.filter((v) => !removedValues.has(String(v)));
    return kept.length === 0 ? null : { ...node, value: kept };
  }
  return node.value !== undefined && removedValues.has(String(node.value)) ? null : node;
}

/**
 * Keeps saved views working when a custom field goes, or some of its options do: conditions,
 * columns, the sort and the grouping that named them are dropped, and each changed view is
 * audited. Runs in the transaction that changes the field.
 */
export async function pruneViewsFor(
  tx: Tx, ctx: ServiceContext, objectType: string, field: string, removedValues: ReadonlySet<string> | 'field',
): Promise<number> {
  const views = await tx.selectFrom('saved_view').select(columns)
    .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', objectType).execute() as SavedViewRow[];
  let changed = 0;
  for (const before of views) {
    const filter = before.filter ? pruneFilter(parseFilter(before.filter), field, removedValues) : null;
    const isFieldGone = removedValues === 'field';
    const sort = isFieldGone && before.sort?.replace(/^[-+]/, '') === field ? null : before.sort;
    const groupBy = isFieldGone && before.group_by === field ? null : before.group_by;
    const after = {
      filter, sort, group_by: groupBy,
      columns: isFieldGone ? before.columns.filter((c) => c !== field) : before.columns,
      layout: groupBy ? before.layout : 'table' as const,
    };
    const changes = diffFields(before, { ...before, ...after }, ['filter', 'sort', 'columns', 'group_by', 'layout']);
    if (Object.keys(changes).length === 0) continue;
    await tx.updateTable('saved_view').set({
      filter: after.filter ? JSON.stringify(after.filter) : null, sort: after.sort, group_by: after.group_by,
      columns: JSON.stringify(after.columns), layout: after.layout, updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', before.id).execute();
    await recordChange(tx, ctx, { entityType: 'saved_view', entityId: before.id, action: 'update', changes, event: 'saved_view.updated' });
    changed += 1;
  }
  return changed;
}
