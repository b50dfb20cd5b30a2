import { sql, type RawBuilder } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ServiceContext } from '../context.ts';
import type { Db, Tx } from '../db/database.ts';
import type { LocalisedText, RecordFieldDef, RecordTypeDef } from '../records/record-type.ts';

/**
 * Personal-data rights (docs/privacy.md). Every module that stores something about a person
 * implements `PersonalDataHook` for its own tables; the platform asks all of them to describe,
 * export and erase, so no module reads another's tables and a new module adds itself.
 */

/** What erasure writes in place of a personal value that must stay non-null. */
export const ERASED = '[erased]';

/** What happens to a table's personal data on erasure, as the register and the docs state it. */
export type ErasureTreatment = 'anonymised' | 'deleted' | 'scrubbed' | 'kept_minimal';

/** One entry of the processing register: what a table holds about people, why, for how long. */
export interface PersonalDataDeclaration {
  table: string;
  /** The columns holding personal data (free text that may mention people included). */
  columns: string[];
  what: LocalisedText;
  purpose: LocalisedText;
  retention: LocalisedText;
  erasure: ErasureTreatment;
  /** A record type whose declared fields (isPii/isSensitive) and custom fields say which columns are personal. */
  recordType?: string;
}

/** Whose data: a person (subject-access and erasure) or a lead (retention of unconverted leads). */
export interface SubjectRef {
  type: 'person' | 'lead';
  id: string;
}

/** The values a subject is known by, gathered from every module before anything is erased. */
export interface SubjectIdentifiers {
  emails: string[];
  /** As stored (E.164) or as typed; patterns match any spacing of the digits. */
  phones: string[];
  /** The subject's names, matched only in rows that belong to them (a name alone is not unique). */
  names: string[];
}

export interface Subject extends SubjectRef {
  identifiers: SubjectIdentifiers;
  /**
   * A regular expression (PostgreSQL ARE and JavaScript alike, case-insensitive) matching the
   * subject's emails and phones anywhere in free text; null when they have none.
   */
  contactPattern: string | null;
  /** The same plus the subject's names, for rows that belong to the subject. */
  ownPattern: string | null;
}

/** One part of a subject-access export. */
export interface SubjectAccessSection {
  key: string;
  title: LocalisedText;
  items: Record<string, unknown>[];
  /** Items are records of this type (with an `id`): the export adds the audit entries about them. */
  entityType?: string;
}

/** Records erasure anonymised (the subject itself, its leads, its activities, …), for later hooks. */
export interface ErasedRecords {
  add(type: string, ids: readonly string[]): void;
  ids(type: string): string[];
  all(): { type: string; ids: string[] }[];
}

/** Counts of what erasure changed, by kind (`person`, `tracking_event`, …); values never. */
export type ErasureCounts = Record<string, number>;

export interface ErasureContext extends ServiceContext {
  db: Tx;
  /** A record type's fields with its workspace's custom fields, to anonymise by classification. */
  fieldsOf(type: string): Promise<{ def: RecordTypeDef; fields: RecordFieldDef[] } | undefined>;
}

export interface RetentionRules {
  leadRetentionYears: number | null;
  personRetentionYears: number | null;
}

export interface RetentionCandidate extends SubjectRef {
  title: string | null;
  last_activity_at: string | null;
}

/**
 * A module's part in personal-data rights. Erasure calls `identify` on every module, then
 * `erase` on every module in module order inside one transaction, so later modules (timeline,
 * notifications) see the records earlier ones anonymised.
 */
export interface PersonalDataHook {
  describe(): PersonalDataDeclaration[];
  /** Identifiers of the subject this module stores (a person's emails, a lead's phone). */
  identify?(ctx: ServiceContext, subject: SubjectRef): Promise<Partial<SubjectIdentifiers>>;
  exportSubject?(ctx: ServiceContext, subject: Subject): Promise<SubjectAccessSection[]>;
  erase(ctx: ErasureContext, subject: Subject, erased: ErasedRecords): Promise<ErasureCounts>;
  /** Subjects this module's retention rule selects (e.g. leads inactive for N years). */
  retentionCandidates?(db: Db, workspaceId: string, rules: RetentionRules, limit: number): Promise<RetentionCandidate[]>;
  /** Of these people, those with activity here since `since`: a person retention rule keeps them. */
  activeSince?(db: Db, workspaceId: string, personIds: string[], since: Date): Promise<string[]>;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phone's digits with any spacing, with or without its country code or a trunk 8/0. */
function phonePattern(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, 'RU');
  const national = parsed?.nationalNumber ?? phone.replace(/\D/g, '');
  if (national.length < 6) return null;
  const digits = [...national].join('[ ().-]*');
  const prefix = parsed ? `(\\+[ ]*${parsed.countryCallingCode}|00[ ]*${parsed.countryCallingCode}|8|0)?[ ().-]*` : '';
  return `(?<![0-9])${prefix}${digits}(?![0-9])`;
}

/** An email as written, or URL-encoded in a link's query. */
function emailPattern(email: string): string {
  const [local, domain] = [email.slice(0, email.lastIndexOf('@')), email.slice(email.lastIndexOf('@') + 1)];
  return `${escapeRegExp(local)}(@|%40)${escapeRegExp(domain)}`;
}

function namePattern(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length < 3) return null;
  return escapeRegExp(trimmed);
}

export function identifierPatterns(ids: SubjectIdentifiers): { contactPattern: string | null; ownPattern: string | null } {
  const contacts = [
    ...ids.emails.filter((e) => e.includes('@')).map(emailPattern),
    ...ids.phones.map(phonePattern).filter((p): p is string => p !== null),
  ];
  // Longest first, so a full name is replaced before its parts.
  const names = [...new Set(ids.names.map((n) => n.trim()))].sort((a, b) => b.length - a.length).map(namePattern).filter((p): p is string => p !== null);
  const join = (parts: string[]) => (parts.length === 0 ? null : parts.map((p) => `(${p})`).join('|'));
  return { contactPattern: join([...new Set(contacts)]), ownPattern: join([...new Set([...contacts, ...names])]) };
}

export function mergeIdentifiers(parts: Partial<SubjectIdentifiers>[]): SubjectIdentifiers {
  // Values already erased are no identifiers: matching the marker would rewrite it with itself.
  const unique = (values: (string | null | undefined)[]) => [...new Set(values.map((v) => v?.trim()).filter((v): v is string => !!v && !v.includes(ERASED)))];
  return {
    emails: unique(parts.flatMap((p) => p.emails ?? []).flatMap((e) => [e, e.toLowerCase()])),
    phones: unique(parts.flatMap((p) => p.phones ?? [])),
    names: unique(parts.flatMap((p) => p.names ?? [])),
  };
}

export type ScrubColumn = { name: string; type: 'text' | 'jsonb' | 'text[]' };

function scrubbed(column: ScrubColumn, pattern: string): RawBuilder<unknown> {
  const ref = sql.ref(column.name);
  if (column.type === 'jsonb') return sql`rapport_scrub_jsonb(${ref}, ${pattern})`;
  if (column.type === 'text[]') return sql`rapport_scrub_text_list(${ref}, ${pattern})`;
  return sql`rapport_scrub_text(${ref}, ${pattern})`;
}

function matches(column: ScrubColumn, pattern: string): RawBuilder<unknown> {
  const ref = sql.ref(column.name);
  if (column.type === 'text') return sql`coalesce(${ref} ~* ${pattern}, false)`;
  return sql`coalesce(${ref}::text ~* ${pattern}, false)`;
}

/**
 * Replaces a pattern's matches in a table's free-text columns with the erasure marker, in the
 * workspace's rows (narrowed by `where`). Only rows that match are written, so a second run
 * changes nothing. Returns how many rows changed.
 */
export async function scrubColumns(
  tx: Tx,
  target: { table: string; workspaceId: string; columns: ScrubColumn[]; pattern: string | null; where?: RawBuilder<unknown> },
): Promise<number> {
  const { pattern } = target;
  if (!pattern || target.columns.length === 0) return 0;
  const sets = sql.join(target.columns.map((c) => sql`${sql.ref(c.name)} = case when ${matches(c, pattern)} then ${scrubbed(c, pattern)} else ${sql.ref(c.name)} end`));
  const anyMatch = sql.join(target.columns.map((c) => matches(c, pattern)), sql` or `);
  const result = await sql`
    update ${sql.table(target.table)} set ${sets}
    where workspace_id = ${target.workspaceId} ${target.where ? sql`and (${target.where})` : sql``} and (${anyMatch})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** A text[] literal; drivers differ in how they bind a JS array. */
export const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}::text`))}]::text[]`;

/** The value a personal field takes when its record is anonymised. */
function erasedValue(field: RecordFieldDef): RawBuilder<unknown> {
  if (field.kind === 'text_list' || field.kind === 'user_list') return sql`'{}'`;
  if (field.isRequired || field.hasDefault) return sql`${ERASED}`;
  return sql`null`;
}

/**
 * Anonymises records of a type by their declared classification: every personal or sensitive
 * field, custom fields included, is cleared (or set to the marker where it may not be empty).
 * Generated columns (names, search text, search vectors) follow their sources and the indexes
 * follow the rows. Rows already anonymised are left alone. Returns how many rows changed.
 */
export async function anonymiseRecords(
  ctx: ErasureContext, type: string, where: RawBuilder<unknown>, options: { keep?: string[] } = {},
): Promise<{ count: number; ids: string[] }> {
  const found = await ctx.fieldsOf(type);
  if (!found) return { count: 0, ids: [] };
  const { def, fields } = found;
  const personal = fields.filter((f) => (f.isPii || f.isSensitive) && !options.keep?.includes(f.name));
  const columns = personal.filter((f) => !f.customKey);
  const customKeys = personal.flatMap((f) => (f.customKey ? [f.customKey] : []));
  const sets = [
    ...columns.map((f) => sql`${sql.ref(f.name)} = ${erasedValue(f)}`),
    ...(customKeys.length > 0 ? [sql`custom = custom - ${textArray(customKeys)}`] : []),
  ];
  if (sets.length === 0) return { count: 0, ids: [] };
  const remaining = [
    ...columns.map((f) => sql`${sql.ref(f.name)} is distinct from ${erasedValue(f)}`),
    ...(customKeys.length > 0 ? [sql`custom ?| ${textArray(customKeys)}`] : []),
  ];
  const partition = def.partition ? sql`and ${sql.ref(def.partition.column)} = ${def.partition.value}` : sql``;
  const result = await sql<{ id: string }>`
    update ${sql.table(def.table)} set ${sql.join(sets)}, updated_at = now()
    where workspace_id = ${ctx.principal.workspaceId} ${partition} and (${where}) and (${sql.join(remaining, sql` or `)})
    returning id`.execute(ctx.db);
  return { count: result.rows.length, ids: result.rows.map((r) => r.id) };
}

/** A type's personal columns as audit entries, events and timelines name them: fields, `custom.<key>`, and what is derived from them. */
export function personalFieldNames({ def, fields }: { def: RecordTypeDef; fields: RecordFieldDef[] }): string[] {
  const personal = fields.filter((f) => f.isPii || f.isSensitive).map((f) => f.name);
  const derived = (def.computedFields ?? []).filter((c) => c.from.some((f) => personal.includes(f))).map((c) => c.name);
  return [...personal, ...derived];
}

export const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`))}]::uuid[]`;

/** The subject's own records of a type as plain rows (custom fields included), for an export. */
export async function recordsAsItems(db: Db, table: string, workspaceId: string, where: RawBuilder<unknown>, order = sql`id`): Promise<Record<string, unknown>[]> {
  const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${workspaceId} and (${where}) order by ${order}`.execute(db);
  return rows.rows.map(withoutInternals);
}

/** Drops what means nothing to a reader (workspace id, search vectors and texts). */
export function withoutInternals(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'workspace_id' || key.startsWith('search_')) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Of these people, those with a row in a table dated since a time (for `activeSince`). */
export async function peopleActiveIn(
  db: Db, target: { table: string; workspaceId: string; personIds: string[]; since: Date; timeColumn: string },
): Promise<string[]> {
  if (target.personIds.length === 0) return [];
  const rows = await sql<{ person_id: string }>`
    select distinct person_id from ${sql.table(target.table)}
    where workspace_id = ${target.workspaceId} and person_id = any(${uuidArray(target.personIds)}) and ${sql.ref(target.timeColumn)} >= ${target.since}`.execute(db);
  return rows.rows.map((r) => r.person_id);
}
