import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { ErasureOutcome, ProcessingRegister, RetentionCandidate, RetentionRules, SubjectAccessRequest } from './privacy.types.ts';

const PRIVACY_KEY = ['personal-data'] as const;

export const useProcessingRegister = () =>
  useQuery({ queryKey: [...PRIVACY_KEY, 'register'], queryFn: () => apiRequest<ProcessingRegister>('/personal-data/register') });

export const useRetentionPreview = () =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'preview'],
    queryFn: () => apiRequest<{ candidates: RetentionCandidate[] }>('/personal-data/retention/preview').then((body) => body.candidates),
  });

export function useSaveRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: RetentionRules) => apiRequest<RetentionRules>('/personal-data/retention', { method: 'PUT', body: rules }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PRIVACY_KEY }),
  });
}

export const useRequestSubjectAccess = (personId: string) =>
  useMutation({ mutationFn: () => apiRequest<SubjectAccessRequest>(`/people/${personId}/subject-access`, { method: 'POST', body: { language: i18n.language === 'en' ? 'en' : 'ru' } }) });

/** Polls a subject-access export every second until it has finished. */
export const useSubjectAccess = (id: string | null) =>
  useQuery({
    queryKey: [...PRIVACY_KEY, 'subject-access', id],
    queryFn: () => apiRequest<SubjectAccessRequest>(`/subject-access-requests/${id}`),
    enabled: !!id,
    refetchInterval: (query) => (['queued', 'running'].includes(query.state.data?.status ?? 'queued') ? 1000 : false),
  });

export const subjectAccessDownloadUrl = (id: string, format: 'json' | 'html') => `/api/v1/subject-access-requests/${id}/download?format=${format}`;

export function useErasePerson(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) => apiRequest<ErasureOutcome>(`/people/${personId}/erase`, { method: 'POST', body: { confirm } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records'] }),
  });
}

/** The module's own refusals in the reader's language; the rest as the app describes them. */
export function describePrivacyError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && error.problem.code === 'ERASURE_NOT_CONFIRMED') return { title: i18n.t('privacy.erase.notConfirmed') };
  return describeError(error);
}
