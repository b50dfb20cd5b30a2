import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, buildUrl } from '../../api/http.client.ts';
import type { AuditEntry } from '../audit/audit.types.ts';
import type { ObjectTypeMeta, Page, RecordData, SearchHit } from './records.types.ts';

const PAGE_SIZE = 50;

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

export function useRecordList(plural: string, q: string) {
  return useInfiniteQuery({
    queryKey: ['records', plural, 'list', q],
    queryFn: ({ pageParam }) =>
      apiRequest<Page<RecordData>>(`/${plural}`, { query: { limit: PAGE_SIZE, cursor: pageParam, q } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** `isSilent` for records shown in passing (a reference's title), where a failure needs no toast. */
export function useRecord(plural: string, id: string, options: { isSilent?: boolean } = {}) {
  return useQuery({
    queryKey: ['records', plural, 'one', id],
    queryFn: () => apiRequest<RecordData>(`/${plural}/${id}`),
    meta: { isSilent: options.isSilent },
    enabled: id !== '',
  });
}

export function useRecordAudit(plural: string, id: string) {
  return useInfiniteQuery({
    queryKey: ['records', plural, 'one', id, 'audit'],
    queryFn: ({ pageParam }) => apiRequest<Page<AuditEntry>>(`/${plural}/${id}/audit`, { query: { cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useCreateRecord(plural: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => apiRequest<RecordData>(`/${plural}`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records', plural, 'list'] }),
  });
}

export function useUpdateRecord(plural: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      apiRequest<RecordData>(`/${plural}/${id}`, { method: 'PATCH', body: input }),
    onSuccess: (record) => {
      queryClient.setQueryData(['records', plural, 'one', id], record);
      void queryClient.invalidateQueries({ queryKey: ['records', plural] });
    },
  });
}

export function useDeleteRecord(plural: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/${plural}/${id}`, { method: 'DELETE' }),
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

/** A plain link: the browser downloads the CSV with the session cookie. */
export function exportUrl(plural: string): string {
  return buildUrl(`/${plural}/export`);
}
