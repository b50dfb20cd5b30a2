import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { Page } from '../records/records.types.ts';
import { notifyDuplicateError } from './duplicate-errors.ts';
import type { DuplicatePair, MergeInput, MergeResult, RecordMerge, UndoneMerge } from './duplicates.types.ts';

const PAIRS_KEY = ['duplicates', 'pairs'] as const;
const MERGES_KEY = ['duplicates', 'merges'] as const;
const PAGE_SIZE = 20;
/** How often the queue is asked again while a scan may still be adding pairs. */
const WATCH_MS = 2000;

/** A merge moves activities, deals and leads onto the survivor, and undo moves them back. */
const MERGE_TOUCHES = [['duplicates'], ['records'], ['deals'], ['timeline'], ['my-day']];

export function useDuplicatePairs(objectType: string, options: { isWatching: boolean }) {
  return useInfiniteQuery({
    queryKey: [...PAIRS_KEY, objectType],
    queryFn: ({ pageParam }) => apiRequest<Page<DuplicatePair>>('/duplicates', {
      query: { object_type: objectType, status: 'open', limit: PAGE_SIZE, cursor: pageParam },
    }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: options.isWatching ? WATCH_MS : false,
  });
}

export function useMerges(objectType: string) {
  return useQuery({
    queryKey: [...MERGES_KEY, objectType],
    queryFn: () => apiRequest<{ data: RecordMerge[] }>('/merges', { query: { object_type: objectType, limit: 20 } }).then((body) => body.data),
  });
}

/** Checks every record of the type in the background; new pairs turn up in the queue a little later. */
export function useScanDuplicates() {
  return useMutation({
    mutationFn: (objectType: string) => apiRequest<{ job_id: string | null }>('/duplicates/scan', { method: 'POST', body: { object_type: objectType } }),
  });
}

export function useDismissPair() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/duplicates/${id}/dismiss`, { method: 'POST' }),
    meta: { isSilent: true },
    onError: (error) => {
      notifyDuplicateError(error);
      return queryClient.invalidateQueries({ queryKey: PAIRS_KEY });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PAIRS_KEY }),
  });
}

const touchMerged = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all(MERGE_TOUCHES.map((queryKey) => queryClient.invalidateQueries({ queryKey })));

export function useMergeRecords() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeInput) => apiRequest<MergeResult>('/merges', { method: 'POST', body: input }),
    meta: { isSilent: true },
    onError: notifyDuplicateError,
    onSuccess: () => touchMerged(queryClient),
  });
}

/** Also called from the notification after a merge, which may outlive the page that merged. */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => apiRequest<UndoneMerge>(`/merges/${mergeId}/undo`, { method: 'POST' }),
    meta: { isSilent: true },
    onError: (error) => {
      notifyDuplicateError(error);
      return queryClient.invalidateQueries({ queryKey: MERGES_KEY });
    },
    onSuccess: () => {
      notifySuccess(i18n.t('duplicates.undone'));
      return touchMerged(queryClient);
    },
  });
}
