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
  | 'user'
  /** Several members' user ids (a deal's co-owners); `[]` clears it; filters ask "has" a member, "me" included. */
  | 'user_list';

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
  /**
   * A select whose options depend on another field, as a deal's stages on its pipeline: per value
   * of `field` ('' while it is empty), the options in order. `options` and `option_labels` are
   * then their union, for filters and groups across records; `fieldFor` narrows to one record's.
   */
  depends_on?: { field: string; options: Record<string, { value: string; label: LocalisedText }[]> };
}

export type ComputedFieldMeta = Pick<FieldMeta, 'name' | 'label' | 'kind' | 'ops' | 'is_list_column'>;

export interface ObjectTypeMeta {
  type: string;
  /** The type's page in the web app: /{plural}. */
  plural: string;
  /** Where the type's records are served under /api/v1: '/people', or '/objects/contract' for a custom object. */
  api_path: string;
  /** A record type the workspace defined itself (named `x_<key>`). */
  is_custom_object: boolean;
  label: LocalisedText;
  label_plural: LocalisedText;
  title_field: string;
  fields: FieldMeta[];
  /** Read-only values the system keeps (an order's total, a deal's close time): they show, filter and sort like fields. */
  computed_fields: ComputedFieldMeta[];
  /** Fields an import matches existing records on (email, INN, a custom object's name); empty: every row is new. */
  dedupe_keys: string[];
}

/**
 * What the record hooks need of a type. Requests go to its api_path (a custom object's is
 * /objects/<key>); the cache stays keyed by plural, which other modules name to refresh a type's
 * records (['records', 'deals']).
 */
export type RecordTypeRef = Pick<ObjectTypeMeta, 'plural' | 'api_path'>;

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

/** A workspace member as anyone in it may see them: for pickers and names, without email or role. */
export interface DirectoryMember {
  user_id: string;
  name: string;
}
