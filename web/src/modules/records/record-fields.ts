import { i18n } from '../../i18n/i18n.setup.ts';
import type { Me } from '../auth/auth.types.ts';
import { fieldAccess } from '../auth/permissions.ts';
import type { FieldMeta, FilterOp, LocalisedText, ObjectTypeMeta, RecordData } from './records.types.ts';

export function localized(text: LocalisedText | undefined, language: string): string {
  if (!text) return '';
  return language === 'ru' ? text.ru || text.en : text.en || text.ru;
}

/** The display name of a select option in the given language; the raw value when it has none. */
export function optionLabel(field: FieldMeta, value: string, language: string): string {
  return localized(field.option_labels?.[value], language) || value;
}

/**
 * The field as it applies to one record or form: a select whose options depend on another field
 * offers and names the set for that field's value there (a deal's stages of its own pipeline).
 * Without that value (a field rule hides it) or a set for it, the field stays as it is, offering
 * the union.
 */
export function fieldFor(field: FieldMeta, values: Record<string, unknown> | undefined): FieldMeta {
  const controlling = field.depends_on && values?.[field.depends_on.field];
  if (!field.depends_on || controlling === undefined) return field;
  const set = field.depends_on.options[typeof controlling === 'string' ? controlling : ''];
  if (!set) return field;
  return { ...field, options: set.map((option) => option.value), option_labels: Object.fromEntries(set.map((option) => [option.value, option.label])) };
}

/** The type a reference field points at: named by the server, else read from `company_id`-style names. */
export function referenceTarget(field: FieldMeta, objectTypes: ObjectTypeMeta[]): ObjectTypeMeta | undefined {
  const type = field.references ?? field.name.replace(/_id$/, '');
  return objectTypes.find((objectType) => objectType.type === type);
}

export function recordTitle(objectType: ObjectTypeMeta, record: RecordData): string {
  const title = record[objectType.title_field];
  return typeof title === 'string' && title.trim() ? title : record.id.slice(0, 8);
}

/** The key of a custom field (`custom.<key>`), or null for a standard one. */
export function customKey(field: FieldMeta): string | null {
  return field.is_custom ? field.name.slice('custom.'.length) : null;
}

/** A field's value on a record: custom values live in `record.custom`, keyed without the prefix. */
export function fieldValue(record: RecordData | undefined, field: FieldMeta): unknown {
  const key = customKey(field);
  return key === null ? record?.[field.name] : record?.custom?.[key];
}

/** Writes a value into an API body, under `custom` for a custom field. */
export function putFieldValue(body: Record<string, unknown>, field: FieldMeta, value: unknown): void {
  const key = customKey(field);
  if (key === null) {
    body[field.name] = value;
    return;
  }
  body.custom = { ...(body.custom as Record<string, unknown> | undefined), [key]: value };
}

/**
 * The fields of a record the reader may see. Hidden standard fields never come back from the API;
 * an unset custom value doesn't come back either, so custom fields are checked against the rules.
 */
export function shownFields(me: Me, objectType: ObjectTypeMeta, record: RecordData): FieldMeta[] {
  return objectType.fields.filter((field) =>
    field.is_custom ? fieldAccess(me, objectType.type, field.name) !== 'hidden' : field.name in record);
}

const COMMON_OPS: FilterOp[] = ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'];
const TIME_OPS: FilterOp[] = [...COMMON_OPS, 'lt', 'lte', 'gt', 'gte', 'between', 'in_last_days', 'in_next_days'];

const bothLanguages = (key: 'records.system.owner' | 'records.system.createdAt' | 'records.system.updatedAt'): LocalisedText => ({
  en: i18n.t(key, { lng: 'en' }),
  ru: i18n.t(key, { lng: 'ru' }),
});

/** Columns every record has, which filters, sorts and views may name too. */
export function systemFields(): FieldMeta[] {
  const base = { required: false, pii: false, is_list_column: false };
  return [
    { ...base, name: 'owner_id', label: bothLanguages('records.system.owner'), kind: 'user', ops: COMMON_OPS },
    { ...base, name: 'created_at', label: bothLanguages('records.system.createdAt'), kind: 'datetime', ops: TIME_OPS },
    { ...base, name: 'updated_at', label: bothLanguages('records.system.updatedAt'), kind: 'datetime', ops: TIME_OPS },
  ];
}

/** The values the system keeps, as read-only fields (never in forms, imports or field rules). */
export function computedFields(objectType: ObjectTypeMeta): FieldMeta[] {
  return objectType.computed_fields.map((field) => ({ ...field, required: false, pii: false }));
}

/** A member of the workspace: the owner, or a field of the user kind such as an activity's responsible. */
export const isUserField = (field: FieldMeta) => field.kind === 'user';

/** Fields holding a list (options, items or members): `[]` when empty. */
const isListField = (field: FieldMeta) => field.kind === 'multi_select' || field.kind === 'text_list' || field.kind === 'user_list';

/** Every field of the type the reader may see, system fields last: what filters and the column chooser offer. */
export function selectableFields(me: Me, objectType: ObjectTypeMeta): FieldMeta[] {
  return [...objectType.fields, ...computedFields(objectType), ...systemFields()].filter((field) => fieldAccess(me, objectType.type, field.name) !== 'hidden');
}

/** The type's own list columns, without the title already shown first. */
export function defaultColumns(objectType: ObjectTypeMeta): string[] {
  const flagged = [...objectType.fields, ...computedFields(objectType)].filter((field) => field.is_list_column);
  return (flagged.length > 0 ? flagged : objectType.fields.slice(0, 5))
    .filter((field) => field.name !== objectType.title_field)
    .map((field) => field.name);
}

/** Columns of the list: the chosen ones (or the type's defaults) the reader may see. */
export function listColumns(me: Me, objectType: ObjectTypeMeta, chosen: string[] | null): FieldMeta[] {
  const fields = new Map(selectableFields(me, objectType).map((field) => [field.name, field]));
  return (chosen ?? defaultColumns(objectType)).flatMap((name) => fields.get(name) ?? []);
}

/** Long texts and lists (multi-selects, text and member lists) don't sort (docs/filters.md). */
export const isSortable = (field: FieldMeta) => field.kind !== 'long_text' && !isListField(field);

/**
 * What the items of a text list are, for links and input hints. The API names no item kind, so it
 * is read from the name, as `referenceTarget` reads `company_id`: `other_emails`, `other_phones`.
 */
export function listItemKind(field: FieldMeta): 'email' | 'phone' | 'text' {
  if (field.kind !== 'text_list') return 'text';
  if (/emails$/.test(field.name)) return 'email';
  if (/phones$/.test(field.name)) return 'phone';
  return 'text';
}

/** The API has no time zone kind: a text field named `time_zone` holds an IANA name such as Europe/Moscow. */
export const isTimeZoneField = (field: FieldMeta) => field.kind === 'text' && field.name === 'time_zone';

/** A text list's items as sent: trimmed, without blanks (an input may hold a stray space). */
function listItems(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item).trim()).filter(Boolean) : [];
}

/** The item a server error such as `other_phones.0` names, as field name and index; null for other names. */
export function listItemError(name: string): { field: string; index: number } | null {
  const match = /^(.+)\.(\d+)$/.exec(name);
  return match ? { field: match[1], index: Number(match[2]) } : null;
}

export type FormValues = Record<string, unknown>;

export function initialValues(fields: FieldMeta[], record?: RecordData): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const empty = field.kind === 'boolean' ? false : isListField(field) ? [] : '';
    values[field.name] = fieldValue(record, field) ?? empty;
  }
  return values;
}

/**
 * Form value → API value: empty inputs become null, numbers stay numbers, money stays a decimal
 * string. Text and member lists are cleared with `[]`: the server refuses null for them.
 */
export function toApiValue(field: FieldMeta, value: unknown): unknown {
  if (field.kind === 'text_list' || field.kind === 'user_list') return listItems(value);
  if (value === '' || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value;
  if (field.kind === 'number') return typeof value === 'number' ? value : Number(value);
  if (field.kind === 'money') return String(value).replace(',', '.').replace(/\s/g, '');
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

const isBlank = (value: unknown) => value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0);

export function isSameValue(a: unknown, b: unknown): boolean {
  const normalise = (value: unknown) => (isBlank(value) ? null : value);
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

export function isFilled(value: unknown): boolean {
  return !isBlank(value);
}
