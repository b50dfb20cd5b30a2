import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import { useRecordLinks, useReplaceRecordLinks } from '../records/index.ts';
import type { DealContact, DealContactInput, DealLines, DealLinesInput } from './deal-parts.types.ts';

// Under the deal record's own key: saving the deal (a new main contact, say) refreshes them too.
const linesKey = (dealId: string) => ['records', 'deals', 'one', dealId, 'lines'] as const;
const contactsKey = (dealId: string) => ['records', 'deals', 'one', dealId, 'contacts'] as const;

export function useDealLines(dealId: string) {
  return useQuery({ queryKey: linesKey(dealId), queryFn: () => apiRequest<DealLines>(`/deals/${dealId}/lines`) });
}

/**
 * Replaces every line. The deal's amount becomes their total, so the deal, its lists, the board
 * and the timeline are refreshed.
 */
export function useSaveDealLines(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DealLinesInput) => apiRequest<DealLines>(`/deals/${dealId}/lines`, { method: 'PUT', body: input }),
    // The editor shows refused rows in place; it raises a toast for anything else.
    meta: { isSilent: true },
    onSuccess: (saved) => {
      queryClient.setQueryData(linesKey(dealId), saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['records', 'deals'] }),
        queryClient.invalidateQueries({ queryKey: ['deals'] }),
        queryClient.invalidateQueries({ queryKey: ['timeline'] }),
      ]);
    },
  });
}

export function useDealContacts(dealId: string) {
  return useRecordLinks<DealContact>(`/deals/${dealId}/contacts`, contactsKey(dealId));
}

/** Replaces the people besides the main contact; each of them, before and after, gets it on their timeline. */
export function useSaveDealContacts(dealId: string) {
  return useReplaceRecordLinks<DealContact, DealContactInput>({
    path: `/deals/${dealId}/contacts`,
    field: 'contacts',
    queryKey: contactsKey(dealId),
    refreshes: () => [['timeline']],
  });
}
