import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { AuditEntry } from '../audit/audit.types.ts';
import type { Filter, GroupCount, ObjectTypeMeta, Page, RecordData, RecordTypeRef, SearchHit } from './records.types.ts';

const PAGE_SIZE = 50;

/** What a list asks the server for: quick search, a filter in the filter language, a sort. */
export interface ListCriteria {
  q?: string;
  filter?: Filter | null;
  sort?: string | null;
}

const filterParam = (filter: Filter | null | undefined) => (filter ? JSON.stringify(filter) : undefined);

export function useObjectTypes() {
  return useQuery({
    queryKey: ['object-types'],
    queryFn: () => apiRequest<{ data: ObjectTypeMeta[] }>('/object-types').then((body) => body.data),
    staleTime: Infinity,
  });
}

export function useObjectType(plural: string): { objectType: ObjectTypeMeta | undefined; isLoading: boolean } {
  const { data, isLoading } = useObjectTypes();
  return { objectType: data?.find((type) => type.plural === plural), isLoading };
}

/** `isSilent` for a list that shows its own error (a bad filter in the URL, say) instead of a toast. */
export function useRecordList({ plural, api_path: apiPath }: RecordTypeRef, criteria: ListCriteria, options: { isEnabled?: boolean; isSilent?: boolean } = {}) {
  const { q = '', filter = null, sort = null } = criteria;
  return useInfiniteQuery({
    queryKey: ['records', plural, 'list', { q, filter, sort }],
    queryFn: ({ pageParam }) =>
      apiRequest<Page<RecordData>>(apiPath, { query: { limit: PAGE_SIZE, cursor: pageParam, q, filter: filterParam(filter), sort } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
    enabled: options.isEnabled ?? true,
    meta: { isSilent: options.isSilent },
  });
}

/** Counts per value of a field under the list's criteria, for the kanban columns. */
export function useRecordGroups({ plural, api_path: apiPath }: RecordTypeRef, field: string, criteria: ListCriteria) {
  const { q = '', filter = null } = criteria;
  return useQuery({
    // Under 'list', so creating or deleting a record refreshes the counts too.
    queryKey: ['records', plural, 'list', 'groups', { field, q, filter }],
    queryFn: () =>
      apiRequest<{ data: GroupCount[] }>(`${apiPath}/groups`, { query: { field, q, filter: filterParam(filter) } }).then((body) => body.data),
    placeholderData: keepPreviousData,
    meta: { isSilent: true },
  });
}

/** The first cards of one kanban column: a plain page, the column says how many more there are. */
export function useRecordPage({ plural, api_path: apiPath }: RecordTypeRef, criteria: ListCriteria, limit: number, isEnabled: boolean) {
  const { q = '', filter = null, sort = null } = criteria;
  return useQuery({
    queryKey: ['records', plural, 'list', 'page', { q, filter, sort, limit }],
    queryFn: () => apiRequest<Page<RecordData>>(apiPath, { query: { limit, q, filter: filterParam(filter), sort } }).then((body) => body.data),
    enabled: isEnabled,
    meta: { isSilent: true },
  });
}

/** Several records by id, e.g. the titles of the records a filter names. */
export function useRecordsById({ plural, api_path: apiPath }: RecordTypeRef, ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['records', plural, 'one', id],
      queryFn: () => apiRequest<RecordData>(`${apiPath}/${id}`),
      meta: { isSilent: true },
    })),
  });
}

/** `isSilent` for records shown in passing (a reference's title), where a failure needs no toast. */
export function useRecord({ plural, api_path: apiPath }: RecordTypeRef, id: string, options: { isSilent?: boolean } = {}) {
  return useQuery({
    queryKey: ['records', plural, 'one', id],
    queryFn: () => apiRequest<RecordData>(`${apiPath}/${id}`),
    meta: { isSilent: options.isSilent },
    enabled: id !== '',
  });
}

export function useRecordAudit({ plural, api_path: apiPath }: RecordTypeRef, id: string) {
  return useInfiniteQuery({
    queryKey: ['records', plural, 'one', id, 'audit'],
    queryFn: ({ pageParam }) => apiRequest<Page<AuditEntry>>(`${apiPath}/${id}/audit`, { query: { cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useCreateRecord({ plural, api_path: apiPath }: RecordTypeRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => apiRequest<RecordData>(apiPath, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records', plural, 'list'] }),
  });
}

export function useUpdateRecord({ plural, api_path: apiPath }: RecordTypeRef, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      apiRequest<RecordData>(`${apiPath}/${id}`, { method: 'PATCH', body: input }),
    onSuccess: (record) => {
      queryClient.setQueryData(['records', plural, 'one', id], record);
      void queryClient.invalidateQueries({ queryKey: ['records', plural] });
    },
  });
}

export function useDeleteRecord({ plural, api_path: apiPath }: RecordTypeRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`${apiPath}/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records', plural, 'list'] }),
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => apiRequest<{ data: SearchHit[] }>('/search', { query: { q, limit: 20 } }).then((body) => body.data),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}
