export interface LocalisedText {
  en: string;
  ru: string;
}

export type FieldKind =
  | 'text' | 'long_text' | 'email' | 'phone' | 'url' | 'number' | 'money' | 'currency' | 'date' | 'datetime' | 'boolean'
  | 'select' | 'multi_select' | 'reference'
  /** Free strings kept as an array (tags, further emails and phones); `[]` clears it, null is refused. */
  | 'text_list'
  /** The user id of a workspace member, e.g. an activity's responsible; filters take "me" for the reader. */
  | 'user';

/** The operators of the list filter language (docs/filters.md). */
export const FILTER_OPS = [
  'eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty',
  'contains', 'not_contains', 'starts_with',
  'lt', 'lte', 'gt', 'gte', 'between', 'in_last_days', 'in_next_days',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

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
  /** A workspace's custom field, named `custom.<key>`; its value is `record.custom[key]`. */
  is_custom?: boolean;
  /** The filter operators the field accepts. */
  ops: FilterOp[];
}

export interface ObjectTypeMeta {
  type: string;
  plural: string;
  label: LocalisedText;
  label_plural: LocalisedText;
  title_field: string;
  fields: FieldMeta[];
}

export type RecordData = {
  id: string;
  owner_id?: string | null;
  created_at?: string;
  updated_at?: string;
  /** Custom field values by key. */
  custom?: Record<string, unknown>;
} & Record<string, unknown>;

export interface FilterCondition {
  field: string;
  op: FilterOp;
  value?: unknown;
}
export type Filter = { and: Filter[] } | { or: Filter[] } | { not: Filter } | FilterCondition;

export type ViewLayout = 'table' | 'kanban';

export interface SavedView {
  id: string;
  object_type: string;
  name: string;
  owner_id: string;
  is_shared: boolean;
  filter: Filter | null;
  sort: string | null;
  /** Field names; empty means the type's default columns. */
  columns: string[];
  group_by: string | null;
  layout: ViewLayout;
  created_at: string;
  updated_at: string;
}

export interface SavedViewInput {
  name: string;
  is_shared: boolean;
  filter: Filter | null;
  sort: string | null;
  columns: string[];
  group_by: string | null;
  layout: ViewLayout;
}

export interface GroupCount {
  value: unknown;
  count: number;
}

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
