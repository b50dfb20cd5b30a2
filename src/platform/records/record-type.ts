import { z } from 'zod';
import type { Db, Tx } from '../db/database.ts';
import type { ServiceContext } from '../context.ts';
import { hiddenFields, type Principal } from '../auth/permissions.ts';

export type FieldKind =
  | 'text' | 'long_text' | 'email' | 'phone' | 'url' | 'number' | 'money' | 'currency' | 'date' | 'datetime' | 'boolean'
  | 'select' | 'multi_select' | 'reference' | 'text_list' | 'user'
  /** Several workspace members (a deal's co-owners): a uuid[] column. */
  | 'user_list';

export interface LocalisedText {
  en: string;
  ru: string;
}

/** One option of a select: the stored value and its display name. */
export interface OptionChoice {
  value: string;
  label: LocalisedText;
}

/**
 * One field of a record type. The classification (pii, sensitive) is declared here, once:
 * field permissions, exports and (later) erasure and masking read it instead of hand lists.
 */
export interface RecordFieldDef {
  name: string;
  kind: FieldKind;
  label: LocalisedText;
  /** Validates a value on write. Nullability is added by the framework for optional fields. */
  schema: z.ZodType;
  isRequired?: boolean;
  /**
   * The column has a database default and is never empty: the field may be left out on create
   * but not set to null.
   */
  hasDefault?: boolean;
  isPii?: boolean;
  isSensitive?: boolean;
  /** Matched by the list filter `q` and by global search. */
  isSearchable?: boolean;
  isListColumn?: boolean;
  options?: readonly string[];
  /** Display names of the options, by option value. */
  optionLabels?: Readonly<Record<string, LocalisedText>>;
  /** For 'reference' fields: the record type referred to. */
  references?: string;
  /** A workspace's custom field: its value lives in the record's `custom` jsonb under `customKey`. */
  customKey?: string;
  /**
   * Options that are workspace data rather than code (a deal's pipelines and stages), by value.
   * Such a select field has no fixed `options`; its schema checks the form and prepareWrite the
   * value.
   */
  workspaceOptions?(db: Db, workspaceId: string): Promise<Record<string, LocalisedText>>;
  /**
   * Workspace options that depend on another field's value, as a deal's stages on its pipeline:
   * per value of `field`, the options in order; the set under '' applies while that field is
   * empty. A record's value is offered and named from its own set; filters and groups, which span
   * records, get the union, a value named differently in several sets showing every name. As with
   * `workspaceOptions`, the schema checks the form and prepareWrite the value.
   */
  dependentOptions?: {
    field: string;
    load(db: Db, workspaceId: string): Promise<Record<string, OptionChoice[]>>;
  };
  /**
   * Turns a valid value into its stored form using workspace settings, e.g. a phone into E.164
   * with the workspace's default region. Returns null for a value that can't be normalised.
   * For a text list, applies to each item.
   */
  normalise?(value: string, workspace: { defaultRegion: string }): string | null;
}

export type RecordRow = Record<string, unknown> & { id: string; owner_id: string | null };

/**
 * A record type a module contributes (person, company, deal, …). The platform turns it into
 * routes, permission checks, field rules, audit, domain events, export and search.
 * Its table has the columns workspace_id, id, owner_id, created_at, updated_at, custom (jsonb
 * holding the workspace's custom fields) and one per field.
 */
export interface RecordTypeDef {
  type: string;
  plural: string;
  table: string;
  label: LocalisedText;
  labelPlural: LocalisedText;
  fields: RecordFieldDef[];
  /**
   * For types that share a table (a workspace's custom objects): the column and value that set
   * this type's records apart. Every read and write of the type is narrowed to it.
   */
  partition?: { column: string; value: string };
  /** Where the type's API lives when not at /api/v1/<plural>, e.g. '/objects/contract'. */
  apiPath?: string;
  /** A column (may be a generated one) used as the record's title in search and pickers. */
  titleField: string;
  subtitleField?: string;
  /**
   * Stored columns the API returns but never accepts (generated columns, or ones the type's own
   * services maintain), with the fields they are derived from: a reader who may not see a source
   * doesn't see the derived value either. The kind (default text) lets filters and sorts use them.
   */
  computedFields?: {
    name: string;
    from: string[];
    kind?: FieldKind;
    label?: LocalisedText;
    references?: string;
    /** A generated column: the database computes it, so it is never written, not even when restoring a row. */
    isGenerated?: boolean;
    /** Shown in the type's lists by default, like a field's `isListColumn` (needs a label). */
    isListColumn?: boolean;
  }[];
  /**
   * Indexed full-text search: a generated tsvector column (Russian configuration, which stems
   * Cyrillic words in Russian and Latin words in English) built from these fields. Readers for
   * whom any of them is hidden fall back to matching the fields they can see.
   */
  fullTextSearch?: { vectorColumn: string; fields: string[] };
  /**
   * Substring search through one indexed column: a generated, lower-cased concatenation of the
   * searchable fields with a trigram index. Readers for whom any of them is hidden fall back to
   * matching field by field. With `hasTitle`, the column holds the title's words too, so its
   * index also answers typo search and the table needs no trigram index of the title's own.
   */
  substringSearch?: { column: string; fields: string[]; hasTitle?: boolean };
  /**
   * The column whose distinct words are kept in `search_word` (by triggers in the module's
   * migration, see platform migration 0004). Typo search matches a mistyped word against those
   * words and finds the records through `fullTextSearch`, instead of by trigrams row by row.
   */
  searchWords?: { column: string };
  /**
   * Fields whose equal (normalised) value means the same real-world record, e.g. a person's
   * email or phone, a company's INN. Imports match on them to update or skip instead of create.
   */
  dedupeKeys?: string[];
  /**
   * Likely duplicates beyond exact keys: a title this similar (trigrams, 0 to 1) sharing any of
   * these fields, e.g. a similar name in the same company or city. Candidates are narrowed by the
   * trigram index of `narrowedBy` (a column holding the field's words in order), or the field's own.
   */
  similarDuplicates?: { field: string; threshold: number; sameAny: string[]; narrowedBy?: string };
  /**
   * Columns of the type's own link tables (tables with an id column) that refer to other records,
   * e.g. a deal's extra contacts; merging two records moves these references too.
   */
  linkedReferences?: { table: string; column: string; references: string }[];
  /**
   * A `user_list` field whose members share the record with its owner: record scope treats each
   * of them as an owner (lists, get, update, search, group counts, export, timeline), so a member
   * with own or team scope works on the record as the owner would. Kept in the record's row (a
   * uuid[] column with a GIN index led by workspace_id) rather than a link table, so audit, events,
   * filters, field rules and export treat it as one more field.
   */
  coOwnersField?: string;
  /** Rules across fields (e.g. a meeting ends after it starts), checked on the record as it would be saved. */
  assertValid?(row: Record<string, unknown>): void;
  /**
   * Chooses the owner of a new record (e.g. lead distribution) in the create's transaction, from
   * the values about to be stored and the owner the input asked for, if any; null leaves it
   * unassigned. May also set system columns that go with the assignment. Without this hook the
   * requested owner, or else the creator, owns the record.
   */
  assignOwner?(
    tx: Tx, ctx: ServiceContext, values: Record<string, unknown>, requestedOwnerId: string | undefined,
  ): Promise<{ ownerId: string | null; columns?: Record<string, unknown> }>;
  /**
   * Checks and completes a write against workspace data, in its transaction, e.g. a deal's stage
   * must be one of its pipeline's. Gets the values about to be written (custom fields aside) and
   * the stored row for an update (null for a create); returns the columns to write, which may
   * include system columns the type maintains.
   */
  prepareWrite?(tx: Tx, ctx: ServiceContext, values: Record<string, unknown>, before: RecordRow | null): Promise<Record<string, unknown>>;
  /** The type's own bookkeeping after a create (e.g. stage history), in the same transaction. */
  onCreated?(tx: Tx, ctx: ServiceContext, row: RecordRow): Promise<void>;
  /** Extra domain events or bookkeeping for an update, e.g. deal.stage_changed, in the same transaction. */
  onUpdated?(tx: Tx, ctx: ServiceContext, before: RecordRow, after: RecordRow): Promise<void>;
}

export const SYSTEM_COLUMNS = ['id', 'owner_id', 'created_at', 'updated_at'] as const;

/** Custom field values on the wire: keyed by the field's key, checked against the workspace's definitions. */
const customValuesSchema = z.record(z.string(), z.unknown()).describe('Custom field values by key');

export const timestampSchema = z.string().describe('RFC 3339 timestamp');

function writeSchemaFor(field: RecordFieldDef): z.ZodType {
  if (field.isRequired) return field.schema;
  return field.hasDefault ? field.schema.optional() : field.schema.nullable().optional();
}

export function createInputSchema(def: RecordTypeDef) {
  const shape: Record<string, z.ZodType> = { owner_id: z.uuid().optional(), custom: customValuesSchema.optional() };
  for (const field of def.fields) shape[field.name] = writeSchemaFor(field);
  return z.strictObject(shape);
}

export function updateInputSchema(def: RecordTypeDef) {
  const shape: Record<string, z.ZodType> = { owner_id: z.uuid().optional(), custom: customValuesSchema.optional() };
  for (const field of def.fields) {
    shape[field.name] = field.isRequired || field.hasDefault ? field.schema.optional() : field.schema.nullable().optional();
  }
  return z.strictObject(shape);
}

/** Every field is optional on output: field rules may hide any of them. */
export function recordOutputSchema(def: RecordTypeDef) {
  const shape: Record<string, z.ZodType> = {
    id: z.uuid(),
    owner_id: z.uuid().nullable().optional(),
    created_at: timestampSchema.optional(),
    updated_at: timestampSchema.optional(),
    custom: customValuesSchema.optional(),
  };
  for (const field of def.fields) shape[field.name] = z.unknown().optional();
  for (const { name } of def.computedFields ?? []) shape[name] = z.unknown().optional();
  return z.object(shape);
}

export function storedColumns(def: RecordTypeDef): string[] {
  return [...SYSTEM_COLUMNS, 'custom', ...def.fields.map((f) => f.name), ...(def.computedFields ?? []).map((c) => c.name)];
}

/**
 * The columns this principal may not see: hidden by a field rule, or derived from a hidden field.
 * Custom fields are named `custom.<key>`, as in field rules and filters.
 */
export function hiddenColumns(principal: Principal, def: RecordTypeDef, customFields: readonly RecordFieldDef[] = []): Set<string> {
  const hidden = hiddenFields(principal, def.type, [...storedColumns(def), ...customFields.map((f) => f.name)]);
  for (const computed of def.computedFields ?? []) if (computed.from.some((f) => hidden.has(f))) hidden.add(computed.name);
  return hidden;
}

/** The co-owners stored on a row of a type that declares them; none for other types. */
export function coOwnersOf(def: RecordTypeDef, row: Record<string, unknown>): string[] {
  const value = def.coOwnersField ? row[def.coOwnersField] : undefined;
  return Array.isArray(value) ? (value as string[]) : [];
}
