import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { Page } from '../records/index.ts';
import type {
  CsvImportResult, MembersChange, MembershipEvent, Segment, SegmentMember, SegmentPreview, SegmentRule,
} from './segments.types.ts';

const KEY = ['segments'] as const;

export function useSegments() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: () => apiRequest<{ data: Segment[] }>('/segments') });
}

export function useSegment(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: () => apiRequest<Segment>(`/segments/${id}`), enabled: !!id });
}

/** The live size of rules being edited; the previous answer stays while the next is counted. */
export function useSegmentPreview(rules: SegmentRule | null) {
  return useQuery({
    queryKey: [...KEY, 'preview', rules],
    queryFn: () => apiRequest<SegmentPreview>('/segments/preview', { method: 'POST', body: { rules } }),
    enabled: rules !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
    // The editor shows refusals at the condition they name.
    meta: { isSilent: true },
  });
}

export interface SegmentInput {
  name: string;
  description: string | null;
  kind?: Segment['kind'];
  rules?: SegmentRule | null;
}

export function useSaveSegment(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SegmentInput) => (id
      ? apiRequest<Segment>(`/segments/${id}`, { method: 'PATCH', body: { name: input.name, description: input.description, ...(input.rules ? { rules: input.rules } : {}) } })
      : apiRequest<Segment>('/segments', { method: 'POST', body: input })),
    meta: { isSilent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/segments/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useEvaluateSegment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ entered: number; exited: number; member_count: number }>(`/segments/${id}/evaluate`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

function usePaged<T>(id: string, what: 'members' | 'history') {
  return useInfiniteQuery({
    queryKey: [...KEY, 'one', id, what],
    queryFn: ({ pageParam }) => apiRequest<Page<T>>(`/segments/${id}/${what}`, { query: { cursor: pageParam, limit: 50 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export const useSegmentMembers = (id: string) => usePaged<SegmentMember>(id, 'members');
export const useSegmentHistory = (id: string) => usePaged<MembershipEvent>(id, 'history');

export function useChangeListMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personIds, isRemoving }: { personIds: string[]; isRemoving: boolean }) =>
      apiRequest<MembersChange>(`/segments/${id}/members${isRemoving ? '/remove' : ''}`, { method: 'POST', body: { person_ids: personIds } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useImportListMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => apiRequest<CsvImportResult>(`/segments/${id}/import`, { method: 'POST', body: { csv } }),
    meta: { isSilent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

const SEGMENT_PROBLEMS = ['SEGMENT_NAME_TAKEN', 'SEGMENT_CYCLE', 'SEGMENT_IN_USE', 'SEGMENT_NOT_STATIC', 'SEGMENT_CSV_INVALID'] as const;

/** The module's own refusals in the reader's language; the rest as the app describes them. */
export function describeSegmentError(error: unknown): { title: string; detail?: string } {
  const code = isApiError(error) ? error.problem.code : undefined;
  if (code && (SEGMENT_PROBLEMS as readonly string[]).includes(code)) {
    return { title: i18n.t(`segments.problems.${code as (typeof SEGMENT_PROBLEMS)[number]}`), detail: isApiError(error) ? error.problem.detail : undefined };
  }
  return describeError(error);
}

export function usePersonSegments(personId: string) {
  return useQuery({
    queryKey: [...KEY, 'person', personId],
    queryFn: () => apiRequest<{ memberships: { segment_id: string; name: string; kind: Segment['kind']; entered_at: string }[]; history: MembershipEvent[] }>(`/people/${personId}/segments`),
  });
}
