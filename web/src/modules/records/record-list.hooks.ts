import { useSearchParams } from 'react-router-dom';
import { useSavedViews } from './saved-views.api.ts';
import type { Filter, SavedView, SavedViewInput } from './records.types.ts';

/** How the list is narrowed, ordered and shown: what a saved view stores. */
export interface ListState {
  filter: Filter | null;
  /** "field" or "-field"; null is the server's default, newest first. */
  sort: string | null;
  /** Field names; null is the type's default columns. */
  columns: string[] | null;
  /** Set: the list is a kanban with a column per value of this field. */
  groupBy: string | null;
}

type StateKey = keyof ListState;

const PARAMS: Record<StateKey, string> = { filter: 'filter', sort: 'sort', columns: 'columns', groupBy: 'group_by' };
const STATE_KEYS = Object.keys(PARAMS) as StateKey[];

function stateOfView(view: SavedView | undefined): ListState {
  return {
    filter: view?.filter ?? null,
    sort: view?.sort ?? null,
    columns: view && view.columns.length > 0 ? view.columns : null,
    groupBy: view?.layout === 'kanban' ? view.group_by : null,
  };
}

export function viewInput(state: ListState): Omit<SavedViewInput, 'name' | 'is_shared'> {
  return {
    filter: state.filter,
    sort: state.sort,
    columns: state.columns ?? [],
    group_by: state.groupBy,
    layout: state.groupBy ? 'kanban' : 'table',
  };
}

function serialise(key: StateKey, value: ListState[StateKey]): string {
  if (value === null) return '';
  if (key === 'filter') return JSON.stringify(value);
  if (key === 'columns') return (value as string[]).join(',');
  return value as string;
}

/** A parameter's value; undefined when it is absent (or unreadable), null when it says "none". */
function parse(key: StateKey, text: string | null): ListState[StateKey] | undefined {
  if (text === null) return undefined;
  if (text === '') return null;
  if (key === 'columns') return text.split(',').filter(Boolean);
  if (key !== 'filter') return text;
  try {
    return JSON.parse(text) as Filter;
  } catch {
    return undefined;
  }
}

const isSame = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The list's state lives in the URL, so a reload or a shared link shows the same list:
 * `view` names a saved view, and `filter`, `sort`, `columns` and `group_by` override what the
 * view (or the plain list) has. An empty parameter overrides with "none".
 */
export function useListState(objectType: string) {
  const [params, setParams] = useSearchParams();
  const views = useSavedViews(objectType);
  const viewId = params.get('view');
  const view = views.data?.find((candidate) => candidate.id === viewId);
  const base = stateOfView(view);

  const state = Object.fromEntries(STATE_KEYS.map((key) => {
    const override = parse(key, params.get(PARAMS[key]));
    return [key, override === undefined ? base[key] : override];
  })) as unknown as ListState;

  const update = (patch: Partial<ListState>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const key of STATE_KEYS) {
        if (!(key in patch)) continue;
        const value = patch[key] ?? null;
        // Back to what the view says: the override is dropped, so the view no longer reads as changed.
        if (isSame(value, base[key])) next.delete(PARAMS[key]);
        else next.set(PARAMS[key], serialise(key, value));
      }
      return next;
    });

  /** Opens a saved view as it was saved, or the plain list for null. */
  const selectView = (id: string | null) => setParams(id ? { view: id } : {});

  return {
    state,
    view,
    views: views.data ?? [],
    /** A view is named in the URL but isn't among the reader's views (deleted, or no longer shared). */
    isViewMissing: viewId !== null && views.isSuccess && !view,
    /** Lists wait for the views, so a view's records don't follow a flash of unfiltered ones. */
    isReady: viewId === null || !views.isPending,
    isModified: STATE_KEYS.some((key) => params.has(PARAMS[key])),
    update,
    selectView,
  };
}

export type ListStateApi = ReturnType<typeof useListState>;
