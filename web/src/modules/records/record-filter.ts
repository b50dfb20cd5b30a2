import type { FieldMeta, Filter, FilterCondition, FilterOp } from './records.types.ts';

/**
 * The filter builder edits one group: conditions joined by AND or OR. Filters with nested groups
 * or NOT (saved through the API) are applied as they are but can't be edited in the builder.
 */
export type FilterMode = 'and' | 'or';

export interface ConditionDraft {
  /** Stable React key of the row. */
  key: number;
  field: string | null;
  op: FilterOp | null;
  value: unknown;
}

export interface FilterDraft {
  mode: FilterMode;
  conditions: ConditionDraft[];
}

/** How an operator takes its value: none, one, a list, a [from, to] pair, or a number of days. */
export type ValueShape = 'none' | 'single' | 'list' | 'range' | 'days';

export function valueShape(op: FilterOp | null): ValueShape {
  switch (op) {
    case null:
    case 'is_empty':
    case 'is_not_empty': return 'none';
    case 'in':
    case 'not_in': return 'list';
    case 'between': return 'range';
    case 'in_last_days':
    case 'in_next_days': return 'days';
    default: return 'single';
  }
}

let lastKey = 0;

export function newCondition(field: FieldMeta | null = null): ConditionDraft {
  const op = field?.ops[0] ?? null;
  return { key: ++lastKey, field: field?.name ?? null, op, value: emptyValue(op) };
}

export function emptyValue(op: FilterOp | null): unknown {
  const shape = valueShape(op);
  if (shape === 'list') return [];
  if (shape === 'range') return ['', ''];
  return '';
}

const isCondition = (filter: Filter): filter is FilterCondition => 'field' in filter;

/** The draft the builder starts from; null when the filter has nesting the builder can't show. */
export function draftFromFilter(filter: Filter | null): FilterDraft | null {
  if (!filter) return { mode: 'and', conditions: [] };
  if (isCondition(filter)) return { mode: 'and', conditions: [{ key: ++lastKey, ...filter, value: filter.value ?? '' }] };
  const mode: FilterMode | null = 'and' in filter ? 'and' : 'or' in filter ? 'or' : null;
  if (!mode) return null;
  const children = 'and' in filter ? filter.and : 'or' in filter ? filter.or : [];
  if (!children.every(isCondition)) return null;
  return { mode, conditions: children.map((condition) => ({ key: ++lastKey, ...condition, value: condition.value ?? '' })) };
}

const isBlank = (value: unknown) => value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/** Whether a row has everything its operator needs. */
export function isComplete(condition: ConditionDraft): boolean {
  if (!condition.field || !condition.op) return false;
  const shape = valueShape(condition.op);
  if (shape === 'none') return true;
  if (shape === 'range') return Array.isArray(condition.value) && condition.value.length === 2 && !condition.value.some(isBlank);
  return !isBlank(condition.value);
}

/** Input values as the API wants them: numbers for numeric fields, whole days for day counts. */
function typedValue(field: FieldMeta | undefined, op: FilterOp, value: unknown): unknown {
  const shape = valueShape(op);
  if (shape === 'none') return undefined;
  if (shape === 'days') return Math.trunc(Number(value));
  const one = (item: unknown) => (field?.kind === 'number' ? Number(item) : field?.kind === 'money' ? String(item) : item);
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** The filter a draft stands for: its complete rows in one AND or OR group, or null when there are none. */
export function filterFromDraft(draft: FilterDraft, fields: FieldMeta[]): Filter | null {
  const conditions: FilterCondition[] = draft.conditions.filter(isComplete).map(({ field, op, value }) => {
    const typed = typedValue(fields.find((candidate) => candidate.name === field), op!, value);
    return typed === undefined ? { field: field!, op: op! } : { field: field!, op: op!, value: typed };
  });
  if (conditions.length === 0) return null;
  return draft.mode === 'and' ? { and: conditions } : { or: conditions };
}

export function countConditions(filter: Filter | null): number {
  if (!filter) return 0;
  if (isCondition(filter)) return 1;
  if ('not' in filter) return countConditions(filter.not);
  return ('and' in filter ? filter.and : filter.or).reduce((sum, child) => sum + countConditions(child), 0);
}

/** Both filters at once; a kanban column narrows the list's filter to its own value this way. */
export function allOf(filter: Filter | null, condition: Filter): Filter {
  if (!filter) return condition;
  if ('and' in filter) return { and: [...filter.and, condition] };
  return { and: [filter, condition] };
}
