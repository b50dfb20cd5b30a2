import type { Filter } from '../records/records.types.ts';

export const QUICK_FILTERS = ['all', 'new', 'awaiting', 'overdue', 'mine'] as const;
export type QuickFilter = (typeof QUICK_FILTERS)[number];

export const isQuickFilter = (value: unknown): value is QuickFilter => (QUICK_FILTERS as readonly unknown[]).includes(value);

/** Not reached yet: the same test the server's my-day list uses. */
const AWAITING_CONTACT: Filter[] = [
  { field: 'status', op: 'eq', value: 'new' },
  { field: 'first_contacted_at', op: 'is_empty' },
];

/**
 * A quick filter in the list filter language (docs/filters.md). `now` is when the reader picked
 * it: overdue also takes deadlines that passed since the server's last once-a-minute sweep.
 */
export function quickFilter(key: QuickFilter, now: string): Filter | null {
  switch (key) {
    case 'new':
      return { field: 'status', op: 'eq', value: 'new' };
    case 'awaiting':
      return { and: AWAITING_CONTACT };
    case 'overdue':
      return {
        and: [
          ...AWAITING_CONTACT,
          { or: [{ field: 'is_sla_breached', op: 'eq', value: true }, { field: 'first_response_due_at', op: 'lt', value: now }] },
        ],
      };
    case 'mine':
      return { field: 'owner_id', op: 'eq', value: 'me' };
    default:
      return null;
  }
}
