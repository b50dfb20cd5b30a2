import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../context.ts';
import { recordChange } from '../changes.ts';
import { diffFields } from '../audit/audit.service.ts';
import { authorize } from '../auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../errors.ts';
import { newId } from '../ids.ts';
import { field } from './fields.ts';
import type { RecordFieldDef, RecordTypeDef } from './record-type.ts';
import { pruneViewsFor } from './saved-views.ts';
import type { Db } from '../db/database.ts';
import type { EventSubscription } from '../events/events.ts';

/** How a field's values relate to people (152-FZ art. 3 and 10; GDPR art. 4 and 9): read by erasure, exports and the register. */
export const FIELD_CLASSIFICATIONS = ['plain', 'personal', 'sensitive'] as const;
export type FieldClassification = (typeof FIELD_CLASSIFICATIONS)[number];

export const CUSTOM_FIELD_KINDS = [
  'text', 'long_text', 'number', 'money', 'date', 'datetime', 'boolean', 'select', 'multi_select', 'email', 'phone', 'url', 'relation',
] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export const CustomFieldErrors = defineErrors({
  CUSTOM_FIELD_KEY_TAKEN: { status: 409, title: 'This record type already has a field with this key' },
  CUSTOM_FIELD_NOT_FOUND: { status: 404, title: 'The custom field does not exist' },
  UNKNOWN_OBJECT_TYPE: { status: 400, title: 'There is no such record type' },
});

export const customFieldKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use up to 40 lower-case Latin letters, digits or _, starting with a letter');
const optionSchema = z.strictObject({ value: z.string().trim().min(1).max(100), label: z.string().trim().min(1).max(200) });

export const customFieldInputSchema = z.strictObject({
  object_type: z.string().min(1).max(64),
  key: customFieldKeySchema,
  label: z.string().trim().min(1).max(200),
  kind: z.enum(CUSTOM_FIELD_KINDS),
  options: z.array(optionSchema).min(1).max(500).optional(),
  references: z.string().min(1).max(64).optional(),
  is_required: z.boolean().default(false),
  classification: z.enum(FIELD_CLASSIFICATIONS).optional()
    .describe('personal (identifies or describes a person), sensitive (a special category: health, beliefs, …) or plain; default plain'),
  is_pii: z.boolean().optional().describe('Deprecated: true means classification personal'),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CustomFieldInput = z.input<typeof customFieldInputSchema>;

/** What may change after creation: never the key or the kind, since stored values depend on them. */
export const customFieldUpdateSchema = customFieldInputSchema.pick({ label: true, options: true, is_required: true, classification: true, is_pii: true, position: true }).partial();

/** The classification an input asks for: `classification`, or the older `is_pii` flag. */
function classificationOf(input: { classification?: FieldClassification; is_pii?: boolean }): FieldClassification | undefined {
  if (input.classification) return input.classification;
  if (input.is_pii === undefined) return undefined;
  return input.is_pii ? 'personal' : 'plain';
}

export type CustomFieldRow = {
  id: string;
  object_type: string;
  key: string;
  label: string;
  kind: CustomFieldKind;
  options: { value: string; label: string }[] | null;
  references_type: string | null;
  is_required: boolean;
  classification: FieldClassification;
  is_pii: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
};

const columns = ['id', 'object_type', 'key', 'label', 'kind', 'options', 'references_type', 'is_required', 'classification', 'is_pii', 'position', 'created_at', 'updated_at'] as const;

export function presentCustomField(row: CustomFieldRow) {
  return {
    id: row.id, object_type: row.object_type, key: row.key, name: `custom.${row.key}`, label: row.label, kind: row.kind,
    options: row.options, references: row.references_type, is_required: row.is_required,
    classification: row.classification, is_pii: row.is_pii, position: row.position,
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}

/** A custom field as a field of its record type, so validation, filters and field rules treat both alike. */
export function toFieldDef(row: CustomFieldRow): RecordFieldDef {
  const name = `custom.${row.key}`;
  const label = { en: row.label, ru: row.label };
  const rest = { isRequired: row.is_required, isPii: row.classification !== 'plain', isSensitive: row.classification === 'sensitive', customKey: row.key };
  const options = Object.fromEntries((row.options ?? []).map((o) => [o.value, { en: o.label, ru: o.label }]));
  switch (row.kind) {
    case 'text': return field.text(name, label, rest);
    case 'long_text': return field.longText(name, label, rest);
    case 'number': return field.number(name, label, rest);
    case 'money': return field.money(name, label, rest);
    case 'date': return field.date(name, label, rest);
    case 'datetime': return field.datetime(name, label, rest);
    case 'boolean': return field.boolean(name, label, rest);
    case 'select': return field.select(name, label, options, rest);
    case 'multi_select': return field.multiSelect(name, label, options, rest);
    case 'email': return field.email(name, label, rest);
    case 'phone': return field.phone(name, label, rest);
    case 'url': return field.url(name, label, rest);
    case 'relation': return field.reference(name, label, row.references_type ?? '', rest);
  }
}

/** The workspace's custom fields of one record type, in display order. */
export async function findCustomFields(ctx: ServiceContext, objectType: string): Promise<CustomFieldRow[]> {
  const rows = await ctx.db
    .selectFrom('custom_field').select(columns)
    .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', objectType)
    .orderBy('position').orderBy('created_at')
    .execute();
  return rows as CustomFieldRow[];
}

export async function customFieldDefs(ctx: ServiceContext, objectType: string): Promise<RecordFieldDef[]> {
  return (await findCustomFields(ctx, objectType)).map(toFieldDef);
}

export async function listCustomFields(ctx: ServiceContext, objectType?: string): Promise<CustomFieldRow[]> {
  let query = ctx.db.selectFrom('custom_field').select(columns).where('workspace_id', '=', ctx.principal.workspaceId);
  if (objectType) query = query.where('object_type', '=', objectType);
  return (await query.orderBy('object_type').orderBy('position').orderBy('created_at').execute()) as CustomFieldRow[];
}

function assertKindOptions(kind: CustomFieldKind, input: { options?: unknown[]; references?: string }, knownTypes: ReadonlySet<string>) {
  const hasOptions = kind === 'select' || kind === 'multi_select';
  if (hasOptions && !input.options) throw PlatformErrors.VALIDATION_FAILED({ field: 'options', detail: `A ${kind} field needs options` });
  if (!hasOptions && input.options) throw PlatformErrors.VALIDATION_FAILED({ field: 'options', detail: `A ${kind} field has no options` });
  if (kind === 'relation' && (!input.references || !knownTypes.has(input.references))) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'references', detail: 'A relation needs the record type it points to' });
  }
  if (kind !== 'relation' && input.references) throw PlatformErrors.VALIDATION_FAILED({ field: 'references', detail: 'Only relations refer to a record type' });
}

function assertUniqueOptions(options: { value: string }[] | undefined) {
  const values = options?.map((o) => o.value) ?? [];
  if (new Set(values).size !== values.length) throw PlatformErrors.VALIDATION_FAILED({ field: 'options', detail: 'Option values must be unique' });
}

export async function createCustomField(ctx: ServiceContext, input: z.output<typeof customFieldInputSchema>, knownTypes: ReadonlySet<string>) {
  authorize(ctx.principal, 'workspace', 'update');
  if (!knownTypes.has(input.object_type)) throw CustomFieldErrors.UNKNOWN_OBJECT_TYPE({ field: 'object_type' });
  assertKindOptions(input.kind, input, knownTypes);
  assertUniqueOptions(input.options);
  return inTransaction(ctx, async (tx, ctx) => {
    const taken = await tx.selectFrom('custom_field').select('id')
      .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', input.object_type).where('key', '=', input.key)
      .executeTakeFirst();
    if (taken) throw CustomFieldErrors.CUSTOM_FIELD_KEY_TAKEN({ field: 'key' });
    const position = input.position ?? Number((await tx.selectFrom('custom_field').select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
      .where('workspace_id', '=', ctx.principal.workspaceId).where('object_type', '=', input.object_type).executeTakeFirstOrThrow()).next);
    const row = await tx.insertInto('custom_field').values({
      workspace_id: ctx.principal.workspaceId, id: newId(), object_type: input.object_type, key: input.key, label: input.label, kind: input.kind,
      options: input.options ? JSON.stringify(input.options) : null, references_type: input.references ?? null,
      is_required: input.is_required, classification: classificationOf(input) ?? 'plain', position,
    }).returning(columns).executeTakeFirstOrThrow() as CustomFieldRow;
    const changes = diffFields(null, row, ['object_type', 'key', 'label', 'kind', 'options', 'references_type', 'is_required', 'classification']);
    await recordChange(tx, ctx, { entityType: 'custom_field', entityId: row.id, action: 'create', changes, event: 'custom_field.created' });
    return row;
  });
}

export async function updateCustomField(ctx: ServiceContext, id: string, input: z.output<typeof customFieldUpdateSchema>) {
  authorize(ctx.principal, 'workspace', 'update');
  assertUniqueOptions(input.options);
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await tx.selectFrom('custom_field').select(columns).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() as CustomFieldRow | undefined;
    if (!before) throw CustomFieldErrors.CUSTOM_FIELD_NOT_FOUND();
    const hasOptions = before.kind === 'select' || before.kind === 'multi_select';
    if (input.options && !hasOptions) throw PlatformErrors.VALIDATION_FAILED({ field: 'options', detail: `A ${before.kind} field has no options` });
    const after = await tx.updateTable('custom_field').set({
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.options !== undefined ? { options: JSON.stringify(input.options) } : {}),
      ...(input.is_required !== undefined ? { is_required: input.is_required } : {}),
      ...(classificationOf(input) !== undefined ? { classification: classificationOf(input) } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).returning(columns).executeTakeFirstOrThrow() as CustomFieldRow;
    const changes = diffFields(before, after, ['label', 'options', 'is_required', 'classification', 'position']);
    await recordChange(tx, ctx, { entityType: 'custom_field', entityId: id, action: 'update', changes, event: 'custom_field.updated' });
    const kept = new Set((after.options ?? []).map((o) => o.value));
    const removed = new Set((before.options ?? []).map((o) => o.value).filter((value) => !kept.has(value)));
    if (removed.size > 0) await pruneViewsFor(tx, ctx, before.object_type, `custom.${before.key}`, removed);
    return after;
  });
}

/**
 * Removes the definition at once; its stored values are stripped from the records by a
 * background job (`records.strip_custom_values`), so deleting never blocks on a large table.
 */
export async function deleteCustomField(ctx: ServiceContext, id: string): Promise<CustomFieldRow> {
  authorize(ctx.principal, 'workspace', 'update');
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await tx.deleteFrom('custom_field').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).returning(columns).executeTakeFirst() as CustomFieldRow | undefined;
    if (!before) throw CustomFieldErrors.CUSTOM_FIELD_NOT_FOUND();
    const changes = diffFields(before, null, ['object_type', 'key', 'label', 'kind']);
    await recordChange(tx, ctx, {
      entityType: 'custom_field', entityId: id, action: 'delete', changes, event: 'custom_field.deleted',
      payload: { object_type: before.object_type, key: before.key },
    });
    await pruneViewsFor(tx, ctx, before.object_type, `custom.${before.key}`, 'field');
    return before;
  });
}

const STRIP_BATCH = 5000;

/**
 * Strips a deleted custom field's values from its records, a batch at a time so no statement
 * holds many row locks. If a field with the same key was created again meanwhile, the values
 * belong to it now and are kept.
 */
export function stripCustomValuesSubscription(
  typeOf: (db: Db, workspaceId: string, type: string) => Promise<RecordTypeDef | undefined>,
): EventSubscription {
  return {
    handler: 'records.strip-custom-values',
    events: ['custom_field.deleted'],
    async handle(event, { db }) {
      const { object_type: objectType, key } = event.payload as { object_type: string; key: string };
      const def = await typeOf(db, event.workspaceId, objectType);
      if (!def) return;
      const recreated = await db.selectFrom('custom_field').select('id')
        .where('workspace_id', '=', event.workspaceId).where('object_type', '=', objectType).where('key', '=', key).executeTakeFirst();
      if (recreated) return;
      // Types sharing a table (custom objects) keep to their own rows: another type may use the key.
      const partition = def.partition ? sql`and ${sql.ref(def.partition.column)} = ${def.partition.value}` : sql``;
      for (;;) {
        const result = await sql`
          update ${sql.table(def.table)} set custom = custom - ${key}::text
          where workspace_id = ${event.workspaceId} and id in (
            select id from ${sql.table(def.table)}
            where workspace_id = ${event.workspaceId} ${partition} and custom -> ${key}::text is not null
            limit ${STRIP_BATCH})`.execute(db);
        if (Number(result.numAffectedRows ?? 0) < STRIP_BATCH) return;
      }
    },
  };
}
