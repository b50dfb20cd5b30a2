import type { FieldMeta, LocalisedText, ObjectTypeMeta, RecordData } from './records.types.ts';

export function localized(text: LocalisedText | undefined, language: string): string {
  if (!text) return '';
  return language === 'ru' ? text.ru || text.en : text.en || text.ru;
}

/** The display name of a select option in the given language; the raw value when it has none. */
export function optionLabel(field: FieldMeta, value: string, language: string): string {
  return localized(field.option_labels?.[value], language) || value;
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

/** Columns of the list: the type's list columns, without the title already shown first. */
export function listColumns(objectType: ObjectTypeMeta, records: RecordData[]): FieldMeta[] {
  const flagged = objectType.fields.filter((field) => field.is_list_column);
  const columns = (flagged.length > 0 ? flagged : objectType.fields.slice(0, 5)).filter(
    (field) => field.name !== objectType.title_field,
  );
  // Hidden fields never come back from the API: show only what the role may see.
  if (records.length === 0) return columns;
  return columns.filter((field) => records.some((record) => field.name in record));
}

export type FormValues = Record<string, unknown>;

export function initialValues(fields: FieldMeta[], record?: RecordData): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = record?.[field.name];
    values[field.name] = value ?? (field.kind === 'boolean' ? false : '');
  }
  return values;
}

/** Form value → API value: empty inputs become null, numbers stay numbers, money stays a decimal string. */
export function toApiValue(field: FieldMeta, value: unknown): unknown {
  if (value === '' || value === undefined) return null;
  if (field.kind === 'number') return typeof value === 'number' ? value : Number(value);
  if (field.kind === 'money') return String(value).replace(',', '.').replace(/\s/g, '');
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

export function isSameValue(a: unknown, b: unknown): boolean {
  const normalise = (value: unknown) => (value === '' || value === undefined ? null : value);
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

export function isFilled(value: unknown): boolean {
  return !(value === '' || value === null || value === undefined);
}
