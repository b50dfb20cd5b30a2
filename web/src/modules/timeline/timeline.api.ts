import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

export interface TimelineEntry {
  id: string;
  occurred_at: string;
  event: string;
  entity_type: string;
  entity_id: string;
  title: string | null;
  actor_type: string;
  actor_id: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }>;
}

/** One record's timeline, newest first, optionally only entries about some record types. */
export function useTimeline(subjectType: string, subjectId: string, types: string[]) {
  return useInfiniteQuery({
    queryKey: ['timeline', subjectType, subjectId, types],
    queryFn: ({ pageParam }) =>
      apiRequest<{ data: TimelineEntry[]; next_cursor: string | null }>('/timeline', {
        query: { subject_type: subjectType, subject_id: subjectId, types: types.length > 0 ? types.join(',') : undefined, cursor: pageParam, limit: 30 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}
