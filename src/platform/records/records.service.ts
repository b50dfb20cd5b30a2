import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { inTransaction, type ServiceContext } from '../context.ts';
import { recordChange } from '../changes.ts';
import { diffFields, findRecordAudit, writeAudit } from '../audit/audit.service.ts';
import {
  assertWritableFields, authorize, authorizeRecord, can, type RecordScope,
} from '../auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../errors.ts';
import { newId } from '../ids.ts';
import { decodeCursor, decodeSortedCursor, encodeCursor, encodeSortedCursor, type Page } from '../pagination.ts';
import { toE164 } from './phone.ts';
import { coOwnersOf, hiddenColumns, storedColumns, type RecordFieldDef, type RecordRow, type RecordTypeDef } from './record-type.ts';
import { recordScopeCondition } from './record-scope.ts';
import { customFieldDefs } from './custom-fields.ts';
import {
  compileFilter, fieldExpression, filterableFields, parseSort, type Filter, type FilterContext, type SortSpec,
} from './filter.ts';

export const RecordErrors = defineErrors({
  OWNER_NOT_A_MEMBER: { status: 400, title: 'The owner or assigned user must be a member of the workspace' },
  REFERENCE_NOT_FOUND: { status: 400, title: 'The referenced record does not exist' },
});

// The framework serves tables that modules declare, so it works on the untyped handle.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const anyDb = (ctx: ServiceContext) => ctx.db as unknown as AnyDb;

/**
 * JSON-safe output: timestamps as RFC 3339 strings, hidden fields removed, and custom values
 * limited to the fields the workspace defines (a deleted field's values vanish at once).
 */
function present(ctx: ServiceContext, def: RecordTypeDef, customFields: readonly RecordFieldDef[], row: Record<string, unknown>): Record<string, unknown> {
  const hidden = hiddenColumns(ctx.principal, def, customFields);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!hidden.has(key)) out[key] = value instanceof Date ? value.toISOString() : value;
  }
  const stored = (row.custom ?? {}) as Record<string, unknown>;
  out.custom = Object.fromEntries(
    customFields.filter((f) => !hidden.has(f.name) && stored[f.customKey!] !== undefined).map((f) => [f.customKey!, stored[f.customKey!]]),
  );
  return out;
}

/** A row's values with custom ones as `custom.<key>`, the names audit, field rules and filters use. */
function flatValues(row: Record<string, unknown> | null, customFields: readonly RecordFieldDef[]): Record<string, unknown> | null {
  if (!row) return null;
  const stored = (row.custom ?? {}) as Record<string, unknown>;
  const flat: Record<string, unknown> = { ...row };
  for (const f of customFields) flat[f.name] = stored[f.customKey!] ?? null;
  return flat;
}

const auditedFields = (def: RecordTypeDef, customFields: readonly RecordFieldDef[]) =>
  ['owner_id', ...def.fields.map((f) => f.name), ...customFields.map((f) => f.name)];

/**
 * Checks custom values given on a write against the workspace's definitions, by the same
 * schemas standard fields use. Returns them as `custom.<key>` → value (null clears a value).
 */
function parseCustomInput(customFields: readonly RecordFieldDef[], input: unknown): Record<string, unknown> {
  if (input === undefined) return {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const field = customFields.find((f) => f.customKey === key);
    if (!field) throw PlatformErrors.UNKNOWN_FIELD({ field: `custom.${key}`, detail: `There is no custom field ${key}` });
    if (value === null) {
      values[field.name] = null;
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Invalid value';
      throw PlatformErrors.VALIDATION_FAILED({
        field: field.name, detail: `${field.name}: ${message}`, errors: [{ field: field.name, code: 'INVALID_VALUE', message }],
      });
    }
    values[field.name] = parsed.data;
  }
  return values;
}

/** Merges checked custom values into the stored jsonb, refusing to leave a required one empty. */
function mergeCustom(customFields: readonly RecordFieldDef[], stored: unknown, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(stored as Record<string, unknown> | null ?? {}) };
  for (const field of customFields) {
    if (!(field.name in changes)) continue;
    if (changes[field.name] === null) delete merged[field.customKey!];
    else merged[field.customKey!] = changes[field.name];
  }
  for (const field of customFields) {
    if (field.isRequired && merged[field.customKey!] === undefined) {
      throw PlatformErrors.VALIDATION_FAILED({
        field: field.name, detail: `${field.name} is required`, errors: [{ field: field.name, code: 'REQUIRED', message: 'Required' }],
      });
    }
  }
  return merged;
}

/** Splits checked input into table columns and custom values. */
function splitCustom(values: Record<string, unknown>): { columns: Record<string, unknown>; custom: Record<string, unknown> } {
  const columns: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) (key.startsWith('custom.') ? custom : columns)[key] = value;
  return { columns, custom };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function applyScope<Q extends SelectQueryBuilder<any, any, any>>(query: Q, scope: RecordScope, def: RecordTypeDef): Q {
  return scope.kind === 'all' ? query : query.where(recordScopeCondition(def, scope)) as Q;
}

/** The records of a type in the caller's workspace: its table, narrowed to the type's partition when it shares one. */
function fromTable(ctx: ServiceContext, def: RecordTypeDef) {
  const query = anyDb(ctx).selectFrom(def.table).where('workspace_id', '=', ctx.principal.workspaceId);
  return def.partition ? query.where(def.partition.column, '=', def.partition.value) : query;
}

/** Words typed so far as a prefix tsquery: "смирн анн" → 'смирн':* & 'анн':* */
function prefixTsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * How well a record matches a search, for ranking: full-text rank plus how closely the title
 * matches by trigrams (which tolerates typos). Zero for readers who can't see those fields.
 */
function searchRank(ctx: ServiceContext, def: RecordTypeDef, q: string) {
  const hidden = hiddenColumns(ctx.principal, def);
  const parts = [];
  const tsQuery = prefixTsQuery(q);
  const fts = def.fullTextSearch;
  if (fts && tsQuery && !fts.fields.some((f) => hidden.has(f))) {
    parts.push(sql`ts_rank(${sql.ref(fts.vectorColumn)}, to_tsquery('russian', ${tsQuery}))`);
  }
  if (!hidden.has(def.titleField)) parts.push(sql`word_similarity(${q}, ${sql.ref(def.titleField)}::text)`);
  return parts.length > 0 ? sql<number>`(${sql.join(parts, sql` + `)})` : sql<number>`0`;
}

/**
 * Does a record match a search: full-text (Russian and English stems, word prefixes), a title
 * within typo distance, or a substring of a searchable field; only fields the reader can see.
 * With `isPreciseOnly`, just the full-text match and phone digits: the cheap conditions that
 * find most of what people type, so global search asks for typos and substrings only when
 * they find too little.
 */
function searchCondition(ctx: ServiceContext, def: RecordTypeDef, q: string, defaultRegion: string, isPreciseOnly = false, typoWords?: TypoWords) {
  const hidden = hiddenColumns(ctx.principal, def);
  const fields = def.fields.filter((f) => f.isSearchable && !hidden.has(f.name));
  const fuzzy = [];
  const tsQuery = prefixTsQuery(q);
  const fts = def.fullTextSearch;
  if (fts && tsQuery && !fts.fields.some((f) => hidden.has(f))) {
    fuzzy.push(sql`${sql.ref(fts.vectorColumn)} @@ to_tsquery('russian', ${tsQuery})`);
  }
  // Phones are stored in E.164: match the digits typed, or the whole number in any format.
  const digits = q.replace(/\D/g, '');
  const e164 = toE164(q, defaultRegion);
  const substring = def.substringSearch;
  const isSubstringIndexed = !!substring && !substring.fields.some((f) => hidden.has(f));
  if (isPreciseOnly) {
    if (isSubstringIndexed && digits.length >= 4) fuzzy.push(sql`${sql.ref(substring!.column)} like ${`%${digits}%`}`);
    return fuzzy.length > 0 ? sql<boolean>`(${sql.join(fuzzy, sql` or `)})` : null;
  }
  // Trigrams need a few letters to mean anything. With a word list, typos are the known words
  // close to the typed ones, found through the full-text index; otherwise a substring column that
  // holds the title's words answers them through its own trigram index.
  if (typoWords) {
    if (typoWords.tsQuery && fts && !fts.fields.some((f) => hidden.has(f))) {
      fuzzy.push(sql`${sql.ref(fts.vectorColumn)} @@ to_tsquery('russian', ${typoWords.tsQuery})`);
    }
  } else if (!hidden.has(def.titleField) && q.length >= 3) {
    const typoColumn = isSubstringIndexed && substring!.hasTitle ? substring!.column : def.titleField;
    fuzzy.push(sql`${q} <% ${sql.ref(typoColumn)}::text`);
  }
  if (fields.length === 0 && fuzzy.length === 0) return null;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (isSubstringIndexed) {
    const column = sql.ref(substring!.column);
    const indexed = [sql`${column} like ${pattern.toLowerCase()}`];
    if (digits.length >= 4) indexed.push(sql`${column} like ${`%${digits}%`}`);
    if (e164) indexed.push(sql`${column} like ${`%${e164}%`}`);
    return sql<boolean>`(${sql.join([...fuzzy, ...indexed], sql` or `)})`;
  }
  const conditions = fields.map((f) => {
    const text = sql`${sql.ref(f.name)}::text ilike ${pattern}`;
    if (f.kind !== 'phone') return text;
    const phone = [text];
    if (digits.length >= 4) phone.push(sql`${sql.ref(f.name)} like ${`%${digits}%`}`);
    if (e164) phone.push(sql`${sql.ref(f.name)} = ${e164}`);
    return sql`(${sql.join(phone, sql` or `)})`;
  });
  return sql<boolean>`(${sql.join([...fuzzy, ...conditions], sql` or `)})`;
}

async function workspaceRegion(ctx: ServiceContext): Promise<string> {
  const row = await ctx.db.selectFrom('workspace').select('default_region').where('id', '=', ctx.principal.workspaceId).executeTakeFirstOrThrow();
  return row.default_region;
}

export interface ListOptions {
  limit: number;
  cursor?: string;
  q?: string;
  filter?: Filter;
  /** "field" or "-field"; the default is newest first. */
  sort?: string;
}

/** What filters and sorts may name for this reader, and how values are normalised. */
export async function filterContextFor(ctx: ServiceContext, def: RecordTypeDef, customFields?: readonly RecordFieldDef[]): Promise<FilterContext> {
  const custom = customFields ?? (await customFieldDefs(ctx, def.type));
  const region = await workspaceRegion(ctx);
  return {
    fields: filterableFields(def, custom, hiddenColumns(ctx.principal, def, custom)),
    region,
    userId: ctx.principal.userId,
    normalise: (field, value) => field.normalise?.(value, { defaultRegion: region }) ?? value,
  };
}

/** Rows after the cursor in this sort order; rows with no value sort last either way. */
function afterCursor(sort: SortSpec, cursor: { id: string; value: unknown }) {
  const expr = fieldExpression(sort.field);
  const [beyond, idBeyond] = sort.direction === 'asc' ? [sql`>`, sql`>`] : [sql`<`, sql`<`];
  if (cursor.value === null) return sql<boolean>`(${expr} is null and id ${idBeyond} ${cursor.id})`;
  return sql<boolean>`(${expr} ${beyond} ${cursor.value} or (${expr} = ${cursor.value} and id ${idBeyond} ${cursor.id}) or ${expr} is null)`;
}

const cursorValue = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null)) as string | number | boolean | null;

/** How many of the newest records a filtered list first looks through (see listRecords). */
const NEWEST_PROBE = 10_000;

export async function listRecords(ctx: ServiceContext, def: RecordTypeDef, options: ListOptions): Promise<Page<Record<string, unknown>>> {
  const scope = authorize(ctx.principal, def.type, 'read');
  const custom = await customFieldDefs(ctx, def.type);
  const filtering = await filterContextFor(ctx, def, custom);
  const sort = options.sort && options.sort !== '-id' ? parseSort(filtering.fields, options.sort) : null;
  const conditions = [
    ...(options.filter ? [compileFilter(filtering, options.filter)] : []),
    ...(options.q ? [searchCondition(ctx, def, options.q, filtering.region) ?? sql<boolean>`false`] : []),
  ];
  const cursorId = !sort && options.cursor ? decodeCursor(options.cursor) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const narrow = <Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q => {
    let narrowed = applyScope(query, scope, def);
    for (const condition of conditions) narrowed = narrowed.where(condition) as Q;
    return narrowed;
  };

  let rows: Record<string, unknown>[] | null = null;
  if (!sort && conditions.length > 0) {
    // Newest first is the common case, and most filters match a fair share of records: look
    // through the newest few thousand by the primary key first. PostgreSQL can't estimate how
    // many rows a jsonb or text-search condition matches, and would otherwise sort every match.
    let newest = fromTable(ctx, def).selectAll().orderBy('id', 'desc').limit(NEWEST_PROBE);
    if (cursorId) newest = newest.where('id', '<', cursorId);
    const probe = await narrow(anyDb(ctx).selectFrom(newest.as('newest')).select(storedColumns(def)))
      .orderBy('id', 'desc').limit(options.limit + 1).execute();
    // Enough matches among them is the answer; too few means the rest may be older: ask the indexes.
    if (probe.length > options.limit) rows = probe;
  }
  if (!rows) {
    let query = narrow(fromTable(ctx, def).select(storedColumns(def))).limit(options.limit + 1);
    if (sort) {
      const expr = fieldExpression(sort.field);
      query = query.select(expr.as('sort_value'))
        .orderBy(sql`${expr} ${sql.raw(sort.direction)} nulls last`)
        .orderBy('id', sort.direction);
      if (options.cursor) query = query.where(afterCursor(sort, decodeSortedCursor(options.cursor, sort.key)));
    } else {
      query = query.orderBy('id', 'desc');
      if (cursorId) query = query.where('id', '<', cursorId);
    }
    rows = await query.execute();
  }
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const last = page.at(-1);
  const nextCursor = !hasMore || !last ? null
    : sort ? encodeSortedCursor({ id: last.id as string, value: cursorValue(last.sort_value), sort: sort.key })
    : encodeCursor(last.id as string);
  return {
    data: page.map(({ sort_value: _sortValue, ...row }) => present(ctx, def, custom, row)),
    next_cursor: nextCursor,
  };
}

/** Counts of records per value of one field (for group-by and kanban), under the same filter. */
export async function groupRecords(
  ctx: ServiceContext,
  def: RecordTypeDef,
  options: { field: string; filter?: Filter; q?: string },
): Promise<{ value: unknown; count: number }[]> {
  const scope = authorize(ctx.principal, def.type, 'read');
  const filtering = await filterContextFor(ctx, def);
  const field = filtering.fields.get(options.field);
  if (!field || field.kind === 'long_text' || field.kind === 'multi_select' || field.kind === 'text_list' || field.kind === 'user_list') {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'field', detail: `Can't group by ${options.field}` });
  }
  const expr = fieldExpression(field);
  let query = fromTable(ctx, def)
    .select([expr.as('value'), sql<string>`count(*)`.as('count')])
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`)
    .limit(200);
  query = applyScope(query, scope, def);
  if (options.filter) query = query.where(compileFilter(filtering, options.filter));
  if (options.q) query = query.where(searchCondition(ctx, def, options.q, filtering.region) ?? sql<boolean>`false`);
  const rows = await query.execute();
  return rows.map((r) => ({ value: r.value instanceof Date ? r.value.toISOString() : r.value, count: Number(r.count) }));
}

async function loadRow(ctx: ServiceContext, def: RecordTypeDef, id: string, isForUpdate = false): Promise<RecordRow> {
  let query = fromTable(ctx, def).select(storedColumns(def)).where('id', '=', id);
  if (isForUpdate) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as RecordRow | undefined;
  if (!row) throw PlatformErrors.NOT_FOUND({ detail: `No ${def.type} with id ${id}` });
  return row;
}

export async function getRecord(ctx: ServiceContext, def: RecordTypeDef, id: string) {
  const row = await loadRow(ctx, def, id);
  authorizeRecord(ctx.principal, def.type, 'read', row.owner_id, coOwnersOf(def, row));
  return present(ctx, def, await customFieldDefs(ctx, def.type), row);
}

async function assertOwnerIsMember(ctx: ServiceContext, ownerId: string, field = 'owner_id') {
  const member = await ctx.db
    .selectFrom('membership').select('user_id')
    .where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', '=', ownerId)
    .executeTakeFirst();
  if (!member) throw RecordErrors.OWNER_NOT_A_MEMBER({ field });
}

/**
 * Members named in a list field (a deal's co-owners) must be active members of the workspace; a bad
 * one is named by its position, e.g. co_owner_ids.1. Those the stored row already lists are not
 * checked again, so a co-owner who has left stays until somebody removes them.
 */
async function assertListedMembersActive(ctx: ServiceContext, fields: readonly RecordFieldDef[], input: Record<string, unknown>, before: RecordRow | null) {
  for (const field of fields) {
    const ids = input[field.name];
    if (field.kind !== 'user_list' || !Array.isArray(ids)) continue;
    const kept = new Set(Array.isArray(before?.[field.name]) ? (before[field.name] as string[]) : []);
    const added = (ids as string[]).filter((id) => !kept.has(id));
    if (added.length === 0) continue;
    const active = new Set((await ctx.db
      .selectFrom('membership').select('user_id')
      .where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', 'in', added).where('is_disabled', '=', false)
      .execute()).map((m) => m.user_id));
    const index = (ids as string[]).findIndex((id) => !kept.has(id) && !active.has(id));
    if (index >= 0) {
      throw RecordErrors.OWNER_NOT_A_MEMBER({ field: `${field.name}.${index}`, detail: `${String(ids[index])} is not an active member of the workspace` });
    }
  }
}

/**
 * Finds the record type a reference may point at: a module's, or one the workspace defined (a
 * custom object). May read the database, so it runs before a write's transaction (PGlite has
 * one connection, held by the transaction).
 */
export type ResolveRecordType = (type: string) => RecordTypeDef | undefined | Promise<RecordTypeDef | undefined>;

/** The types the given reference values point at, resolved before the write's transaction. */
async function referenceTargets(fields: readonly RecordFieldDef[], input: Record<string, unknown>, resolve: ResolveRecordType) {
  const targets = new Map<string, RecordTypeDef>();
  for (const field of fields) {
    if (field.kind !== 'reference' || input[field.name] == null || !field.references || targets.has(field.references)) continue;
    const target = await resolve(field.references);
    if (target) targets.set(field.references, target);
  }
  return targets;
}

/** Reference fields must point at a record of the same workspace, and of the type named (a custom object's slice of its table). */
async function assertReferencesExist(ctx: ServiceContext, fields: readonly RecordFieldDef[], input: Record<string, unknown>, targets: ReadonlyMap<string, RecordTypeDef>) {
  for (const field of fields) {
    const value = input[field.name];
    if (field.kind === 'user' && typeof value === 'string') await assertOwnerIsMember(ctx, value, field.name);
    if (field.kind !== 'reference' || value == null || !field.references) continue;
    const target = targets.get(field.references);
    if (!target) continue;
    const found = await fromTable(ctx, target).select('id').where('id', '=', value).executeTakeFirst();
    if (!found) throw RecordErrors.REFERENCE_NOT_FOUND({ field: field.name, detail: `No ${field.references} with id ${String(value)}` });
  }
}

/** Brings values to their stored form (phones to E.164); a value that can't be read names its field. */
async function normaliseValues(ctx: ServiceContext, allFields: readonly RecordFieldDef[], values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const fields = allFields.filter((f) => f.normalise && (typeof values[f.name] === 'string' || Array.isArray(values[f.name])));
  if (fields.length === 0) return values;
  const defaultRegion = await workspaceRegion(ctx);
  const normalised = { ...values };
  // A list's bad item is named by its position, e.g. other_phones.1.
  const normaliseOne = (field: RecordFieldDef, value: string, index?: number) => {
    const stored = field.normalise!(value, { defaultRegion });
    if (stored === null) {
      const name = index === undefined ? field.name : `${field.name}.${index}`;
      const kind = field.kind === 'text_list' ? 'phone' : field.kind;
      throw PlatformErrors.VALIDATION_FAILED({
        field: name,
        detail: `${name}: "${value}" is not a valid ${kind} for region ${defaultRegion}`,
        errors: [{ field: name, code: 'INVALID_FORMAT', message: `Not a valid ${kind}` }],
      });
    }
    return stored;
  };
  for (const field of fields) {
    const value = values[field.name];
    normalised[field.name] = Array.isArray(value)
      ? [...new Set(value.map((item, index) => normaliseOne(field, String(item), index)))]
      : normaliseOne(field, value as string);
  }
  return normalised;
}

/**
 * The payload of a record's domain event: what changed, plus who owns it, its title and what it
 * refers to, so subscribers (the timeline, automation) need not read the record's table.
 */
export function recordEventPayload(def: RecordTypeDef, row: RecordRow, changes: Record<string, unknown>) {
  const references: Record<string, { type: string; id: string }> = {};
  for (const field of def.fields) {
    const id = row[field.name];
    if (field.kind === 'reference' && field.references && typeof id === 'string') references[field.name] = { type: field.references, id };
  }
  return {
    changes, owner_id: row.owner_id, ...(def.coOwnersField ? { co_owner_ids: coOwnersOf(def, row) } : {}), title: row[def.titleField] ?? null, references,
  };
}

function writableColumns(def: RecordTypeDef, input: Record<string, unknown>): Record<string, unknown> {
  const allowed = new Set(['owner_id', ...def.fields.map((f) => f.name)]);
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => allowed.has(key) && value !== undefined));
}

export async function createRecord(
  ctx: ServiceContext,
  def: RecordTypeDef,
  input: Record<string, unknown>,
  resolve: ResolveRecordType,
) {
  const scope = authorize(ctx.principal, def.type, 'create');
  const custom = await customFieldDefs(ctx, def.type);
  const values = { ...writableColumns(def, input), ...parseCustomInput(custom, input.custom) };
  assertWritableFields(ctx.principal, def.type, values);
  const allFields = [...def.fields, ...custom];
  const targets = await referenceTargets(allFields, values, resolve);
  const givenOwnerId = values.owner_id as string | undefined;
  // A principal limited to its own records can't create one for somebody else.
  if (scope.kind === 'owners' && givenOwnerId && !scope.ownerIds.includes(givenOwnerId)) {
    throw PlatformErrors.FORBIDDEN({ field: 'owner_id', detail: 'You may only assign records to yourself or your team' });
  }
  return inTransaction(ctx, async (tx, ctx) => {
    if (givenOwnerId) await assertOwnerIsMember(ctx, givenOwnerId);
    await assertReferencesExist(ctx, allFields, values, targets);
    await assertListedMembersActive(ctx, allFields, values, null);
    const normalised = splitCustom(await normaliseValues(ctx, allFields, values));
    const columns = def.prepareWrite ? await def.prepareWrite(tx, ctx, normalised.columns, null) : normalised.columns;
    const customValues = normalised.custom;
    def.assertValid?.(columns);
    const assigned = def.assignOwner
      ? await def.assignOwner(tx, ctx, columns, givenOwnerId)
      : { ownerId: givenOwnerId ?? ctx.principal.userId, columns: {} };
    const id = newId();
    const row = (await (tx as unknown as AnyDb)
      .insertInto(def.table)
      .values({
        ...columns, ...assigned.columns, workspace_id: ctx.principal.workspaceId, id, owner_id: assigned.ownerId,
        ...(def.partition ? { [def.partition.column]: def.partition.value } : {}),
        custom: JSON.stringify(mergeCustom(custom, {}, customValues)),
      })
      .returning(storedColumns(def))
      .executeTakeFirstOrThrow()) as RecordRow;
    const changes = diffFields(null, flatValues(row, custom), auditedFields(def, custom));
    await recordChange(tx, ctx, { entityType: def.type, entityId: id, action: 'create', changes, event: `${def.type}.created`, payload: recordEventPayload(def, row, changes) });
    await def.onCreated?.(tx, ctx, row);
    return present(ctx, def, custom, row);
  });
}

export async function updateRecord(
  ctx: ServiceContext,
  def: RecordTypeDef,
  id: string,
  input: Record<string, unknown>,
  resolve: ResolveRecordType,
) {
  const custom = await customFieldDefs(ctx, def.type);
  const values = { ...writableColumns(def, input), ...parseCustomInput(custom, input.custom) };
  assertWritableFields(ctx.principal, def.type, values);
  const allFields = [...def.fields, ...custom];
  const targets = await referenceTargets(allFields, values, resolve);
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await loadRow(ctx, def, id, true);
    authorizeRecord(ctx.principal, def.type, 'update', before.owner_id, coOwnersOf(def, before));
    if (values.owner_id && values.owner_id !== before.owner_id) {
      const scope = authorize(ctx.principal, def.type, 'update');
      if (scope.kind === 'owners' && !scope.ownerIds.includes(values.owner_id as string)) {
        throw PlatformErrors.FORBIDDEN({ field: 'owner_id', detail: 'You may only assign records to yourself or your team' });
      }
      await assertOwnerIsMember(ctx, values.owner_id as string);
    }
    await assertReferencesExist(ctx, allFields, values, targets);
    await assertListedMembersActive(ctx, allFields, values, before);
    const normalised = splitCustom(await normaliseValues(ctx, allFields, values));
    const columns = def.prepareWrite ? await def.prepareWrite(tx, ctx, normalised.columns, before) : normalised.columns;
    const customValues = normalised.custom;
    def.assertValid?.({ ...before, ...columns });
    const mergedCustom = mergeCustom(custom, before.custom, customValues);
    const changes = diffFields(flatValues(before, custom), flatValues({ ...before, ...columns, custom: mergedCustom }, custom), auditedFields(def, custom));
    if (Object.keys(changes).length === 0) return present(ctx, def, custom, before);
    const after = (await (tx as unknown as AnyDb)
      .updateTable(def.table)
      .set({ ...columns, custom: JSON.stringify(mergedCustom), updated_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId)
      .where('id', '=', id)
      .returning(storedColumns(def))
      .executeTakeFirstOrThrow()) as RecordRow;
    await recordChange(tx, ctx, { entityType: def.type, entityId: id, action: 'update', changes, event: `${def.type}.updated`, payload: recordEventPayload(def, after, changes) });
    await def.onUpdated?.(tx, ctx, before, after);
    return present(ctx, def, custom, after);
  });
}

export async function deleteRecord(ctx: ServiceContext, def: RecordTypeDef, id: string) {
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await loadRow(ctx, def, id, true);
    authorizeRecord(ctx.principal, def.type, 'delete', before.owner_id, coOwnersOf(def, before));
    await (tx as unknown as AnyDb).deleteFrom(def.table).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    const custom = await customFieldDefs(ctx, def.type);
    const changes = diffFields(flatValues(before, custom), null, auditedFields(def, custom));
    await recordChange(tx, ctx, { entityType: def.type, entityId: id, action: 'delete', changes, event: `${def.type}.deleted`, payload: recordEventPayload(def, before, changes) });
  });
}

export async function findRecordHistory(ctx: ServiceContext, def: RecordTypeDef, id: string, options: { limit: number; cursor?: string }) {
  await getRecord(ctx, def, id);
  const rows = await findRecordAudit(ctx, {
    entityType: def.type, entityId: id, limit: options.limit, beforeId: options.cursor ? decodeCursor(options.cursor) : undefined,
  });
  const hidden = hiddenColumns(ctx.principal, def, await customFieldDefs(ctx, def.type));
  return pageOfAudit(rows, options.limit, hidden);
}

/** Audit rows as API output; values of fields hidden from the reader are left out of the history too. */
export function pageOfAudit<R extends { id: string; occurred_at: Date; changes: Record<string, { before?: unknown; after?: unknown }> }>(
  rows: R[],
  limit: number,
  hidden = new Set<string>(),
) {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: page.map((r) => ({
      ...r,
      occurred_at: r.occurred_at.toISOString(),
      changes: Object.fromEntries(Object.entries(r.changes).filter(([field]) => !hidden.has(field))),
    })),
    next_cursor: hasMore ? encodeCursor(page.at(-1)!.id) : null,
  };
}

/**
 * Opens an export of every record the principal may export (optionally filtered, e.g. by a
 * saved view): the CSV columns, with custom fields as `custom.<key>` and hidden fields left out,
 * and the rows in keyset-paged batches. Permission is checked and the export audited up front.
 */
export async function openExport(
  ctx: ServiceContext,
  def: RecordTypeDef,
  options: { filter?: Filter; q?: string; batchSize?: number } = {},
): Promise<{ columns: string[]; batches: AsyncGenerator<Record<string, unknown>[]>; count(): Promise<number> }> {
  const scope = authorize(ctx.principal, def.type, 'export');
  const custom = await customFieldDefs(ctx, def.type);
  const filtering = await filterContextFor(ctx, def, custom);
  const conditions = [
    ...(options.filter ? [compileFilter(filtering, options.filter)] : []),
    ...(options.q ? [searchCondition(ctx, def, options.q, filtering.region) ?? sql<boolean>`false`] : []),
  ];
  const hidden = hiddenColumns(ctx.principal, def, custom);
  const columns = [...storedColumns(def).filter((c) => c !== 'custom'), ...custom.map((f) => f.name)].filter((c) => !hidden.has(c));
  await ctx.db.transaction().execute((tx) =>
    writeAudit(tx, ctx, {
      entityType: def.type, entityId: null, action: 'export',
      changes: { ...(options.filter ? { filter: { after: options.filter } } : {}), ...(options.q ? { q: { after: options.q } } : {}) },
    }),
  );
  const batchSize = options.batchSize ?? 1000;
  const matching = () => {
    let query = applyScope(fromTable(ctx, def), scope, def);
    for (const condition of conditions) query = query.where(condition);
    return query;
  };
  async function* batches() {
    let afterId: string | undefined;
    for (;;) {
      let query = matching().select(storedColumns(def)).orderBy('id').limit(batchSize);
      if (afterId) query = query.where('id', '>', afterId);
      const rows = await query.execute();
      if (rows.length === 0) return;
      afterId = rows.at(-1)!.id as string;
      yield rows.map((row) => {
        const flat = flatValues(row, custom)!;
        return Object.fromEntries(columns.map((c) => [c, exportCell(flat[c])]));
      });
      if (rows.length < batchSize) return;
    }
  }
  const count = async () => Number((await matching().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return { columns, batches: batches(), count };
}

/** A value as a CSV cell: times in RFC 3339, lists joined by "; " (which imports split again). */
function exportCell(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return Array.isArray(value) ? value.join('; ') : value;
}

export interface SearchHit {
  type: string;
  plural: string;
  id: string;
  title: string;
  subtitle: string | null;
}

/**
 * Whether every word of a search is the start of one of the commonest words (1% of rows or more)
 * of the type's full-text column, by the statistics ANALYZE keeps. Stems come from the same
 * dictionary as the column's.
 */
async function hasCommonWords(ctx: ServiceContext, def: RecordTypeDef, q: string): Promise<boolean> {
  const fts = def.fullTextSearch;
  if (!fts) return false;
  const result = await sql<{ is_common: boolean }>`
    select coalesce(min(share), 0) >= 0.01 as is_common from (
      select w, coalesce(sum(m.f), 0) as share
      from unnest(tsvector_to_array(to_tsvector('russian', ${q}))) as w
      left join (pg_stats s cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as m(elem, f))
        on s.schemaname = current_schema() and s.tablename = ${def.table} and s.attname = ${fts.vectorColumn} and m.elem like w || '%'
      group by w) as words`.execute(ctx.db);
  return result.rows[0]?.is_common === true;
}

/** Known words close to the typed ones, as a tsquery: each typed word's look-alikes OR-ed, the words AND-ed. */
interface TypoWords {
  tsQuery: string | null;
}

/**
 * For a type that keeps its title's words (`searchWords`), the words of the workspace closest to
 * each typed word (trigram similarity from 0.5, five at most). A typed word with no look-alike
 * leaves the query empty: nothing can match all the words then.
 */
async function findTypoWords(ctx: ServiceContext, def: RecordTypeDef, q: string): Promise<TypoWords | undefined> {
  if (!def.searchWords) return undefined;
  const typed = [...new Set((q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3))].slice(0, 5);
  if (typed.length === 0) return { tsQuery: null };
  const groups: string[] = [];
  for (const word of typed) {
    const similar = await sql<{ word: string }>`
      select word from search_word
      where workspace_id = ${ctx.principal.workspaceId} and object_type = ${def.type} and word %> ${word}
        and similarity(word, ${word}) >= 0.4
      order by similarity(word, ${word}) desc, word limit 5`.execute(ctx.db);
    if (similar.rows.length === 0) return { tsQuery: null };
    // Quoted for to_tsquery: a word may hold characters the query syntax reads as operators.
    groups.push(`(${similar.rows.map((r) => `'${r.word.replace(/'/g, "''")}'`).join(' | ')})`);
  }
  return { tsQuery: groups.join(' & ') };
}

/** Global search across every record type the principal may read, honouring scope and field rules. */
const SEARCH_CANDIDATES = 500;

export async function searchRecords(ctx: ServiceContext, defs: RecordTypeDef[], q: string, limit: number): Promise<SearchHit[]> {
  const region = await workspaceRegion(ctx);
  const readable = defs.filter((def) => can(ctx.principal, def.type, 'read'));
  const searchType = async (def: RecordTypeDef, isPreciseOnly: boolean) => {
    const scope = authorize(ctx.principal, def.type, 'read');
    const hidden = hiddenColumns(ctx.principal, def);
    const rows = await ctx.db.transaction().execute(async (tx) => {
      // At pg_trgm's default word similarity (0.6) a letter left out or mistyped inside a surname
      // is missed more often than not (word_similarity('стеанов', 'степанов') is 0.55); at 0.5 it is
      // found, and the ranking still puts the closest names first.
      if (!isPreciseOnly) await sql`set local pg_trgm.word_similarity_threshold = 0.5`.execute(tx);
      const typoWords = isPreciseOnly ? undefined : await findTypoWords({ ...ctx, db: tx }, def, q);
      const condition = searchCondition(ctx, def, q, region, isPreciseOnly, typoWords);
      if (!condition) return [];
      // The planner can't estimate how many rows a word prefix or a set of trigrams matches.
      // Given the candidate limit, it bets on a scan (of the table, or of a workspace index)
      // stopping early: right for a common name, whose matches are everywhere, but for a rare
      // word or a typo it reads every row, a quarter of a second at a million people. Unless the
      // words are common in the table's statistics, the search reads its indexes by bitmap only:
      // every match is collected from the index, then just enough rows are fetched.
      const wordsAsked = typoWords?.tsQuery ? typoWords.tsQuery.replace(/[|&()']/g, ' ') : q;
      if ((!isPreciseOnly && !typoWords) || !(await hasCommonWords({ ...ctx, db: tx }, def, wordsAsked))) {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_indexscan = off`.execute(tx);
      }
      return searchCandidates({ ...ctx, db: tx }, def, condition, scope).execute();
    });
    return rows.map((row) => ({
      type: def.type,
      plural: def.plural,
      id: row.id as string,
      title: hidden.has(def.titleField) ? '—' : String(row.title ?? ''),
      subtitle: def.subtitleField && !hidden.has(def.subtitleField) && row.subtitle != null ? String(row.subtitle) : null,
      rank: Number(row.rank),
    }));
  };
  const searchCandidates = (ctx: ServiceContext, def: RecordTypeDef, condition: Expression<SqlBool>, scope: RecordScope) => {
    const candidates = applyScope(fromTable(ctx, def)
      .select([
        'id', sql.ref(def.titleField).as('title'),
        def.subtitleField ? sql.ref(def.subtitleField).as('subtitle') : sql`null`.as('subtitle'),
        searchRank(ctx, def, q).as('rank'),
      ])
      .where(condition)
      // Ranking costs per matching row, and a common surname matches a large share of a big
      // table: rank a bounded set of matches. Typing more letters narrows it to the right ones.
      .limit(SEARCH_CANDIDATES), scope, def);
    return anyDb(ctx).selectFrom(candidates.as('c')).selectAll().orderBy('rank', 'desc').orderBy('id', 'desc').limit(limit);
  };
  // Every type at once (on PostgreSQL each on its own connection). Words and numbers first: the
  // indexes answer them cheaply even for a common name. Typos and substrings, which must read
  // far more of the trigram indexes, only when those come up short.
  let hits = (await Promise.all(readable.map((def) => searchType(def, true)))).flat();
  if (hits.length < limit) {
    const found = new Set(hits.map((hit) => `${hit.type}:${hit.id}`));
    const more = (await Promise.all(readable.map((def) => searchType(def, false)))).flat();
    hits = [...hits, ...more.filter((hit) => !found.has(`${hit.type}:${hit.id}`))];
  }
  // The best matches of every type, best first.
  return hits.sort((a, b) => b.rank - a.rank).slice(0, limit).map(({ rank: _rank, ...hit }) => hit);
}
