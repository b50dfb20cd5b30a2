export interface LocalisedText {
  en: string;
  ru: string;
}

export type FieldKind =
  | 'text' | 'long_text' | 'email' | 'phone' | 'number' | 'money' | 'currency' | 'date' | 'datetime' | 'boolean' | 'select' | 'reference';

export interface FieldMeta {
  name: string;
  label: LocalisedText;
  kind: FieldKind;
  options?: string[];
  /** Display names of select options, by value. */
  option_labels?: Record<string, LocalisedText>;
  required: boolean;
  pii: boolean;
  is_list_column: boolean;
  /** For reference fields, when the server names the target type. */
  references?: string;
}

export interface ObjectTypeMeta {
  type: string;
  plural: string;
  label: LocalisedText;
  label_plural: LocalisedText;
  title_field: string;
  fields: FieldMeta[];
}

export type RecordData = { id: string; owner_id?: string | null; created_at?: string; updated_at?: string } & Record<string, unknown>;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface SearchHit {
  type: string;
  plural: string;
  id: string;
  title: string;
  subtitle?: string | null;
}
