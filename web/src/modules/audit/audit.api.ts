import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { AuditEntry } from './audit.types.ts';

export interface AuditFilters {
  entity_type?: string;
  action?: string;
}

/** The workspace's audit log, newest first, one cursor page at a time. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<{ data: AuditEntry[]; next_cursor: string | null }>('/audit', {
        query: { ...filters, cursor: pageParam, limit: 50 },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}
