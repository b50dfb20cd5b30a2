import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { PlatformErrors } from '../errors.ts';
import type { FieldKind, RecordFieldDef, RecordTypeDef } from './record-type.ts';

/**
 * The filter language shared by list endpoints, saved views and (later) segments: AND/OR/NOT
 * groups over conditions on any field, custom fields included (named `custom.<key>`).
 *
 *   { "and": [ { "field": "city", "op": "eq", "value": "Москва" },
 *              { "or": [ { "field": "custom.tier", "op": "in", "value": ["gold", "silver"] },
 *                        { "field": "created_at", "op": "in_last_days", "value": 30 } ] } ] }
 */
export const FILTER_OPS = [
  'eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty',
  'contains', 'not_contains', 'starts_with',
  'lt', 'lte', 'gt', 'gte', 'between', 'in_last_days', 'in_next_days',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FilterCondition {
  field: string;
  op: FilterOp;
  value?: unknown;
}
export type Filter = { and: Filter[] } | { or: Filter[] } | { not: Filter } | FilterCondition;

const MAX_DEPTH = 6;
const MAX_CONDITIONS = 100;

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ and: z.array(filterSchema).min(1).max(MAX_CONDITIONS) }),
    z.strictObject({ or: z.array(filterSchema).min(1).max(MAX_CONDITIONS) }),
    z.strictObject({ not: filterSchema }),
    z.strictObject({ field: z.string().min(1).max(100), op: z.enum(FILTER_OPS), value: z.unknown().optional() }),
  ]),
);

/** A field as filters and sorts see it: a column, or a key in the record's custom values. */
export interface FilterableField {
  name: string;
  kind: FieldKind;
  def?: RecordFieldDef;
  customKey?: string;
}

const ORDERED: ReadonlySet<FieldKind> = new Set(['number', 'money', 'date', 'datetime']);
const TEXTUAL: ReadonlySet<FieldKind> = new Set(['text', 'long_text', 'email', 'phone', 'url']);
const COMMON: readonly FilterOp[] = ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'];

export function opsFor(kind: FieldKind): readonly FilterOp[] {
  if (kind === 'multi_select') return ['contains', 'not_contains', 'in', 'is_empty', 'is_not_empty'];
  if (kind === 'text_list' || kind === 'user_list') return ['contains', 'not_contains', 'is_empty', 'is_not_empty'];
  if (TEXTUAL.has(kind)) return [...COMMON, 'contains', 'not_contains', 'starts_with'];
  if (kind === 'date' || kind === 'datetime') return [...COMMON, 'lt', 'lte', 'gt', 'gte', 'between', 'in_last_days', 'in_next_days'];
  if (ORDERED.has(kind)) return [...COMMON, 'lt', 'lte', 'gt', 'gte', 'between'];
  return COMMON;
}

/** Every field of a type a reader may filter and sort on, minus those hidden from them. */
export function filterableFields(def: RecordTypeDef, customFields: readonly RecordFieldDef[], hidden: ReadonlySet<string>): Map<string, FilterableField> {
  const fields: FilterableField[] = [
    { name: 'id', kind: 'reference' },
    { name: 'owner_id', kind: 'reference' },
    { name: 'created_at', kind: 'datetime' },
    { name: 'updated_at', kind: 'datetime' },
    ...(def.computedFields ?? []).map((c) => ({ name: c.name, kind: c.kind ?? ('text' as const) })),
    ...def.fields.map((f) => ({ name: f.name, kind: f.kind, def: f })),
    ...customFields.map((f) => ({ name: f.name, kind: f.kind, def: f, customKey: f.customKey })),
  ];
  return new Map(fields.filter((f) => !hidden.has(f.name)).map((f) => [f.name, f]));
}

export interface FilterContext {
  fields: Map<string, FilterableField>;
  /** The workspace's default phone region, for normalising values (and quick search). */
  region: string;
  /** Who 'me' is in conditions on owner_id and on member fields. */
  userId: string | null;
  normalise(field: RecordFieldDef, value: string): string | null;
}

const invalid = (field: string, detail: string) =>
  PlatformErrors.VALIDATION_FAILED({ field: `filter.${field}`, detail, errors: [{ field: `filter.${field}`, code: 'INVALID_FILTER', message: detail }] });

/** Reads a filter given as JSON text (a query parameter); errors name the `filter` parameter. */
export function parseFilterParam(text: string): Filter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'filter', detail: 'filter must be JSON' });
  }
  return parseFilter(parsed);
}

export function parseFilter(value: unknown): Filter {
  const result = filterSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw PlatformErrors.VALIDATION_FAILED({ field: 'filter', detail: `filter is not valid: ${issue?.message ?? 'unknown shape'} at ${issue?.path.join('.') || 'top level'}` });
  }
  return result.data;
}

/** A value for a comparison, checked and normalised by the field's own schema. */
function typedValue(ctx: FilterContext, field: FilterableField, value: unknown): unknown {
  if ((field.name === 'owner_id' || field.kind === 'user' || field.kind === 'user_list') && value === 'me') return ctx.userId;
  if (field.kind === 'reference' || field.kind === 'user_list') {
    const id = z.uuid().safeParse(value);
    if (!id.success) throw invalid(field.name, `${field.name} needs ${field.kind === 'user_list' ? 'a member\'s user id or "me"' : 'a record id'}`);
    return id.data;
  }
  if (field.kind === 'datetime' && !field.def) {
    const time = z.iso.datetime({ offset: true }).or(z.iso.date()).safeParse(value);
    if (!time.success) throw invalid(field.name, `${field.name} needs a date or an RFC 3339 time`);
    return time.data;
  }
  if (field.kind === 'boolean' && !field.def) {
    if (typeof value !== 'boolean') throw invalid(field.name, `${field.name} needs true or false`);
    return value;
  }
  if (field.kind === 'number' && !field.def) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field.name, `${field.name} needs a number`);
    return value;
  }
  if (field.kind === 'text_list') {
    // A condition names one item, checked and normalised as items are on write.
    const item = textValue(field, value);
    return field.def?.normalise ? ctx.normalise(field.def, item) ?? item : item;
  }
  if (field.kind === 'text' && !field.def) {
    if (typeof value !== 'string' || value.length === 0) throw invalid(field.name, `${field.name} needs text`);
    return value;
  }
  // For a multi-select, a condition names one option at a time.
  // Select conditions may name any option, even one writes don't accept (e.g. a lead's 'converted').
  // Options that are workspace data (a deal's stages) are checked by form only.
  const isChoice = (field.kind === 'multi_select' || field.kind === 'select') && !!field.def!.options;
  const schema = isChoice ? z.enum(field.def!.options as [string, ...string[]]) : field.def!.schema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(field.name, `${JSON.stringify(value)} is not a valid value of ${field.name}: ${parsed.error.issues[0]?.message}`);
  if (field.def?.normalise && typeof parsed.data === 'string') {
    const normalised = ctx.normalise(field.def, parsed.data);
    if (normalised === null) throw invalid(field.name, `${JSON.stringify(value)} is not a valid ${field.kind}`);
    return normalised;
  }
  return parsed.data;
}

function valueList(ctx: FilterContext, field: FilterableField, value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 500) throw invalid(field.name, `${field.name}: "in" needs a list of 1 to 500 values`);
  return value.map((v) => typedValue(ctx, field, v));
}

function textValue(field: FilterableField, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw invalid(field.name, `${field.name} needs 1 to 200 characters of text`);
  return value;
}

function dayCount(field: FilterableField, value: unknown): number {
  const days = z.number().int().min(0).max(36_500).safeParse(value);
  if (!days.success) throw invalid(field.name, `${field.name} needs a whole number of days`);
  return days.data;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The SQL expression of a field, typed so comparisons and sorts order numbers and dates properly. */
export function fieldExpression(field: FilterableField): RawBuilder<unknown> {
  if (!field.customKey) return sql`${sql.ref(field.name)}`;
  const text = sql`(custom ->> ${field.customKey})`;
  switch (field.kind) {
    case 'number':
    case 'money': return sql`${text}::numeric`;
    case 'date': return sql`${text}::date`;
    case 'datetime': return sql`${text}::timestamptz`;
    case 'boolean': return sql`${text}::boolean`;
    case 'multi_select': return sql`(custom -> ${field.customKey})`;
    default: return text;
  }
}

/** Custom values compare by jsonb containment where that is exact, so the GIN index on `custom` serves them. */
function containment(field: FilterableField, value: unknown): RawBuilder<boolean> | null {
  if (!field.customKey || field.kind === 'money' || field.kind === 'datetime') return null;
  const wrapped = field.kind === 'multi_select' ? [value] : value;
  return sql<boolean>`(custom @> ${JSON.stringify({ [field.customKey]: wrapped })}::jsonb)`;
}

function equals(field: FilterableField, expr: RawBuilder<unknown>, value: unknown): RawBuilder<boolean> {
  return containment(field, value) ?? sql<boolean>`(${expr} = ${value})`;
}

function anyOf(field: FilterableField, expr: RawBuilder<unknown>, values: unknown[]): RawBuilder<boolean> {
  if (field.customKey && field.kind !== 'money' && field.kind !== 'datetime') {
    return sql<boolean>`(${sql.join(values.map((v) => containment(field, v)!), sql` or `)})`;
  }
  return sql<boolean>`(${expr} in (${sql.join(values)}))`;
}

function isEmpty(field: FilterableField, expr: RawBuilder<unknown>): RawBuilder<boolean> {
  if (field.customKey) return sql<boolean>`(custom -> ${field.customKey} is null)`;
  if (field.kind === 'text_list' || field.kind === 'user_list') return sql<boolean>`(${expr} is null or cardinality(${expr}) = 0)`;
  return TEXTUAL.has(field.kind) ? sql<boolean>`(${expr} is null or ${expr}::text = '')` : sql<boolean>`(${expr} is null)`;
}

function compileCondition(ctx: FilterContext, condition: FilterCondition): RawBuilder<boolean> {
  const field = ctx.fields.get(condition.field);
  if (!field) throw invalid(condition.field, `There is no field ${condition.field} you may filter on`);
  if (!opsFor(field.kind).includes(condition.op)) {
    throw invalid(field.name, `${field.name} (${field.kind}) can't be filtered with "${condition.op}"; use one of ${opsFor(field.kind).join(', ')}`);
  }
  const expr = fieldExpression(field);
  const { op, value } = condition;
  switch (op) {
    case 'eq': return equals(field, expr, typedValue(ctx, field, value));
    case 'neq': return sql<boolean>`(not ${equals(field, expr, typedValue(ctx, field, value))} or ${isEmpty(field, expr)})`;
    case 'in': return anyOf(field, expr, valueList(ctx, field, value));
    case 'not_in': return sql<boolean>`(not ${anyOf(field, expr, valueList(ctx, field, value))} or ${isEmpty(field, expr)})`;
    case 'is_empty': return isEmpty(field, expr);
    case 'is_not_empty': return sql<boolean>`(not ${isEmpty(field, expr)})`;
    case 'contains':
    case 'not_contains': {
      const match = field.kind === 'multi_select'
        ? containment(field, typedValue(ctx, field, value))!
        : field.kind === 'text_list'
          ? sql<boolean>`(${expr} @> array[${typedValue(ctx, field, value)}]::text[])`
          : field.kind === 'user_list'
          ? sql<boolean>`(${expr} @> array[${typedValue(ctx, field, value)}]::uuid[])`
          : sql<boolean>`(${expr}::text ilike ${`%${likeEscape(textValue(field, value))}%`})`;
      return op === 'contains' ? match : sql<boolean>`(not ${match} or ${isEmpty(field, expr)})`;
    }
    case 'starts_with': return sql<boolean>`(${expr}::text ilike ${`${likeEscape(textValue(field, value))}%`})`;
    case 'lt': return sql<boolean>`(${expr} < ${typedValue(ctx, field, value)})`;
    case 'lte': return sql<boolean>`(${expr} <= ${typedValue(ctx, field, value)})`;
    case 'gt': return sql<boolean>`(${expr} > ${typedValue(ctx, field, value)})`;
    case 'gte': return sql<boolean>`(${expr} >= ${typedValue(ctx, field, value)})`;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) throw invalid(field.name, `${field.name}: "between" needs [from, to]`);
      return sql<boolean>`(${expr} between ${typedValue(ctx, field, value[0])} and ${typedValue(ctx, field, value[1])})`;
    }
    case 'in_last_days':
    case 'in_next_days': {
      const days = dayCount(field, value);
      const now = field.kind === 'date' ? sql`current_date` : sql`now()`;
      const shift = field.kind === 'date' ? sql`${days}::integer` : sql`make_interval(days => ${days}::integer)`;
      return op === 'in_last_days'
        ? sql<boolean>`(${expr} >= ${now} - ${shift} and ${expr} <= ${now})`
        : sql<boolean>`(${expr} >= ${now} and ${expr} <= ${now} + ${shift})`;
    }
  }
}

/** Turns a filter into a SQL condition, checking every field, operator and value on the way. */
export function compileFilter(ctx: FilterContext, filter: Filter): RawBuilder<boolean> {
  let conditions = 0;
  const walk = (node: Filter, depth: number): RawBuilder<boolean> => {
    if (depth > MAX_DEPTH) throw PlatformErrors.VALIDATION_FAILED({ field: 'filter', detail: `Filters nest at most ${MAX_DEPTH} groups deep` });
    if ('and' in node) return sql<boolean>`(${sql.join(node.and.map((n) => walk(n, depth + 1)), sql` and `)})`;
    if ('or' in node) return sql<boolean>`(${sql.join(node.or.map((n) => walk(n, depth + 1)), sql` or `)})`;
    if ('not' in node) return sql<boolean>`(not ${walk(node.not, depth + 1)})`;
    if (++conditions > MAX_CONDITIONS) throw PlatformErrors.VALIDATION_FAILED({ field: 'filter', detail: `A filter has at most ${MAX_CONDITIONS} conditions` });
    return compileCondition(ctx, node);
  };
  return walk(filter, 0);
}

export interface SortSpec {
  field: FilterableField;
  direction: 'asc' | 'desc';
  /** The sort as given, e.g. "-created_at"; cursors remember it. */
  key: string;
}

/** Reads "field" or "-field" (descending). Long text and multi-selects don't sort. */
export function parseSort(fields: Map<string, FilterableField>, sort: string): SortSpec {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const name = sort.replace(/^[-+]/, '');
  const field = fields.get(name);
  if (!field || field.kind === 'long_text' || field.kind === 'multi_select' || field.kind === 'text_list' || field.kind === 'user_list') {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'sort', detail: `Can't sort by ${name}` });
  }
  return { field, direction, key: sort };
}
