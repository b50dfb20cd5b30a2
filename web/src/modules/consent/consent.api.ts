import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { ConsentEntry, PersonConsents, RecordConsentInput } from './consent.types.ts';

// Under the person's own key, like their other parts: the timeline and history refresh with them.
const consentsKey = (personId: string) => ['records', 'people', 'one', personId, 'consents'] as const;

/** The person's current consents and their ledger, newest first, a page at a time. */
export function usePersonConsents(personId: string) {
  return useInfiniteQuery({
    queryKey: consentsKey(personId),
    queryFn: ({ pageParam }) => apiRequest<PersonConsents>(`/people/${personId}/consents`, { query: { cursor: pageParam, limit: 30 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

const CONSENT_PROBLEMS = ['CONSENT_DOUBLE_OPT_IN_NOT_ALLOWED', 'CONSENT_NO_EMAIL_ADDRESS', 'CONSENT_TIME_IN_FUTURE'] as const;

/** The module's own refusals in the reader's language; the rest as the app describes them. */
export function describeConsentError(error: unknown): { title: string; detail?: string } {
  const code = isApiError(error) ? error.problem.code : undefined;
  if (code && (CONSENT_PROBLEMS as readonly string[]).includes(code)) return { title: i18n.t(`consents.problems.${code as (typeof CONSENT_PROBLEMS)[number]}`) };
  return describeError(error);
}

export function useRecordConsent(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordConsentInput) => apiRequest<ConsentEntry>(`/people/${personId}/consents`, { method: 'POST', body: input }),
    // The form shows refusals next to its fields.
    meta: { isSilent: true },
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: consentsKey(personId) }),
      queryClient.invalidateQueries({ queryKey: ['records', 'people', 'one', personId, 'audit'] }),
      queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    ]),
  });
}
