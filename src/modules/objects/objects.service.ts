import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';
import type { CustomObjectTypeTable } from './objects.tables.ts';

export const CustomObjectErrors = defineErrors({
  CUSTOM_OBJECT_NOT_FOUND: { status: 404, title: 'The custom object does not exist' },
  CUSTOM_OBJECT_KEY_TAKEN: { status: 409, title: 'A custom object with this key already exists' },
  CUSTOM_OBJECT_HAS_RECORDS: { status: 409, title: 'The custom object still has records; delete them first' },
  CUSTOM_OBJECT_REFERENCED: { status: 409, title: 'Relation fields of other record types point at the custom object; delete them first' },
});

/** Custom object types are named `x_<key>`, so they never collide with a module's types. */
export const CUSTOM_TYPE_PREFIX = 'x_';

const localised = z.strictObject({ en: z.string().trim().max(100), ru: z.string().trim().max(100) })
  .refine((l) => l.en.length > 0 || l.ru.length > 0, 'Give a name in at least one language')
  .transform((l) => ({ en: l.en || l.ru, ru: l.ru || l.en }));

export const customObjectInputSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Use 2 to 40 lower-case Latin letters, digits or underscores, starting with a letter'),
  label: localised.describe('One record, e.g. {"ru": "Договор", "en": "Contract"}'),
  label_plural: localised,
  name_label: localised.default({ en: 'Name', ru: 'Название' }).describe('What the record’s name field is called, e.g. "Номер договора"'),
  position: z.number().int().min(0).max(1000).default(0),
});
export const customObjectUpdateSchema = customObjectInputSchema.omit({ key: true }).partial();

type CustomObjectRow = Selectable<CustomObjectTypeTable>;

const COLUMNS = ['id', 'key', 'label', 'label_plural', 'name_label', 'position', 'created_at', 'updated_at'] as const;

export const presentCustomObject = (row: Pick<CustomObjectRow, (typeof COLUMNS)[number]>) => ({
  ...row, type: `${CUSTOM_TYPE_PREFIX}${row.key}`, created_at: new Date(row.created_at).toISOString(), updated_at: new Date(row.updated_at).toISOString(),
});

/** A custom object as a record type: a required name, custom fields, and a slice of custom_record. */
export function toRecordType(row: Pick<CustomObjectRow, 'key' | 'label' | 'label_plural' | 'name_label'>): RecordTypeDef {
  return {
    type: `${CUSTOM_TYPE_PREFIX}${row.key}`,
    plural: `x-${row.key.replaceAll('_', '-')}`,
    apiPath: `/objects/${row.key}`,
    table: 'custom_record',
    partition: { column: 'object_key', value: row.key },
    label: row.label,
    labelPlural: row.label_plural,
    titleField: 'name',
    fullTextSearch: { vectorColumn: 'search_vector', fields: ['name'] },
    fields: [field.text('name', row.name_label, { isRequired: true, isSearchable: true, isListColumn: true })],
    // The name is what people tell a contract or a property by (a contract's number), so an
    // import matches on it; a file of records that share names is imported with dedupe 'create'.
    dedupeKeys: ['name'],
  };
}

/** The record types a workspace has defined, for the record registry. */
export async function workspaceObjectTypes(db: Db, workspaceId: string): Promise<RecordTypeDef[]> {
  const rows = await db.selectFrom('custom_object_type').select(['key', 'label', 'label_plural', 'name_label'])
    .where('workspace_id', '=', workspaceId).orderBy('position').orderBy('key').execute();
  return rows.map(toRecordType);
}

export async function listCustomObjects(ctx: ServiceContext) {
  const rows = await ctx.db.selectFrom('custom_object_type').select(COLUMNS)
    .where('workspace_id', '=', ctx.principal.workspaceId).orderBy('position').orderBy('key').execute();
  return { data: rows.map(presentCustomObject) };
}

/** Defining data structures is workspace configuration, like custom fields. */
const configure = (ctx: ServiceContext) => authorize(ctx.principal, 'workspace', 'update');
const audited = ['key', 'label', 'label_plural', 'name_label', 'position'];

export async function createCustomObject(ctx: ServiceContext, input: z.output<typeof customObjectInputSchema>) {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const taken = await tx.selectFrom('custom_object_type').select('id')
      .where('workspace_id', '=', ctx.principal.workspaceId).where('key', '=', input.key).executeTakeFirst();
    if (taken) throw CustomObjectErrors.CUSTOM_OBJECT_KEY_TAKEN({ field: 'key' });
    const row = await tx.insertInto('custom_object_type').values({
      workspace_id: ctx.principal.workspaceId, id: newId(), key: input.key, label: JSON.stringify(input.label),
      label_plural: JSON.stringify(input.label_plural), name_label: JSON.stringify(input.name_label), position: input.position,
    }).returning(COLUMNS).executeTakeFirstOrThrow();
    await recordChange(tx, ctx, { entityType: 'custom_object', entityId: row.id, action: 'create', changes: diffFields(null, row, audited), event: 'custom_object.created' });
    return presentCustomObject(row);
  });
}

async function loadForUpdate(ctx: ServiceContext, id: string) {
  const row = await ctx.db.selectFrom('custom_object_type').select(COLUMNS)
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw CustomObjectErrors.CUSTOM_OBJECT_NOT_FOUND();
  return row;
}

export async function updateCustomObject(ctx: ServiceContext, id: string, input: z.output<typeof customObjectUpdateSchema>) {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await loadForUpdate(ctx, id);
    const after = await tx.updateTable('custom_object_type').set({
      ...(input.label ? { label: JSON.stringify(input.label) } : {}),
      ...(input.label_plural ? { label_plural: JSON.stringify(input.label_plural) } : {}),
      ...(input.name_label ? { name_label: JSON.stringify(input.name_label) } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
    const changes = diffFields(before, after, audited);
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, ctx, { entityType: 'custom_object', entityId: id, action: 'update', changes, event: 'custom_object.updated' });
    }
    return presentCustomObject(after);
  });
}

/**
 * Deletes an empty custom object with its field definitions and saved views. Relation fields of
 * other types that point at it block the deletion: removing them would silently take columns,
 * filters and field rules out of those types' lists, so the administrator deletes them knowingly.
 * Its own fields go with it, relations to itself included.
 */
export async function deleteCustomObject(ctx: ServiceContext, id: string) {
  configure(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const before = await loadForUpdate(ctx, id);
    const records = await sql<{ n: number }>`
      select count(*)::int as n from custom_record where workspace_id = ${workspaceId} and object_key = ${before.key}`.execute(tx);
    if (records.rows[0]!.n > 0) throw CustomObjectErrors.CUSTOM_OBJECT_HAS_RECORDS({ detail: `${records.rows[0]!.n} record(s) remain` });
    const type = `${CUSTOM_TYPE_PREFIX}${before.key}`;
    const relations = await tx.selectFrom('custom_field').select(['object_type', 'key', 'label'])
      .where('workspace_id', '=', workspaceId).where('kind', '=', 'relation').where('references_type', '=', type).where('object_type', '!=', type)
      .orderBy('object_type').orderBy('key').execute();
    if (relations.length > 0) {
      const fields = relations.map((r) => ({ field: `${r.object_type}.custom.${r.key}`, code: 'RELATION_FIELD', message: r.label }));
      throw CustomObjectErrors.CUSTOM_OBJECT_REFERENCED({
        field: fields[0]!.field, errors: fields, detail: `Delete these fields first: ${fields.map((f) => f.field).join(', ')}`,
      });
    }
    await tx.deleteFrom('custom_field').where('workspace_id', '=', workspaceId).where('object_type', '=', type).execute();
    await tx.deleteFrom('saved_view').where('workspace_id', '=', workspaceId).where('object_type', '=', type).execute();
    await tx.deleteFrom('custom_object_type').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    await recordChange(tx, ctx, { entityType: 'custom_object', entityId: id, action: 'delete', changes: diffFields(before, null, audited), event: 'custom_object.deleted' });
  });
}

/** The record type of a custom object by its key, or a 404 naming the key. */
export async function customObjectType(db: Db, workspaceId: string, key: string): Promise<RecordTypeDef> {
  const row = await db.selectFrom('custom_object_type').select(['key', 'label', 'label_plural', 'name_label'])
    .where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  if (!row) throw PlatformErrors.ROUTE_NOT_FOUND({ detail: `There is no custom object "${key}"` });
  return toRecordType(row);
}
