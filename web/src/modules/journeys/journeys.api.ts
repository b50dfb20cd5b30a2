import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import { notifyError } from '../../api/query.client.ts';
import type { Journey, JourneyDefinition, JourneyTemplate, NodeCounts } from './journeys.types.ts';

const JOURNEYS_KEY = ['marketing', 'journeys'] as const;

export const useJourneys = () => useQuery({
  queryKey: JOURNEYS_KEY,
  queryFn: () => apiRequest<{ data: Journey[] }>('/journeys').then((body) => body.data),
});

export const useJourneyTemplates = () => useQuery({
  queryKey: [...JOURNEYS_KEY, 'templates'],
  queryFn: () => apiRequest<{ data: JourneyTemplate[] }>('/journeys/templates').then((body) => body.data),
});

export const useJourney = (id: string | undefined) => useQuery({
  queryKey: [...JOURNEYS_KEY, id],
  queryFn: () => apiRequest<Journey>(`/journeys/${id}`),
  enabled: id !== undefined,
});

/** Counts refresh every few seconds while the editor is open: people move through a live journey. */
export const useJourneyCounts = (id: string | undefined, hasVersion: boolean) => useQuery({
  queryKey: [...JOURNEYS_KEY, id, 'counts'],
  queryFn: () => apiRequest<{ version_id: string | null; nodes: NodeCounts[] }>(`/journeys/${id}/counts`),
  enabled: id !== undefined && hasVersion,
  refetchInterval: 5000,
});

function useJourneyMutation<TInput>(mutationFn: (input: TInput) => Promise<Journey>, options: { isNotified: boolean } = { isNotified: true }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { isSilent: true },
    onError: (error) => {
      if (options.isNotified) notifyError(error);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: JOURNEYS_KEY }),
  });
}

export const useCreateFromTemplate = () =>
  useJourneyMutation((template: string) => apiRequest<Journey>('/journeys/from-template', { method: 'POST', body: { template } }));

// Saving shows its refusal next to the graph; a notification would repeat it.
export const useSaveJourney = () =>
  useJourneyMutation(({ id, definition, name }: { id: string; name: string; definition: JourneyDefinition }) =>
    apiRequest<Journey>(`/journeys/${id}`, { method: 'PATCH', body: { name, definition } }), { isNotified: false });

export const useJourneyTransition = () =>
  useJourneyMutation(({ id, transition }: { id: string; transition: 'publish' | 'pause' | 'resume' | 'archive' }) =>
    apiRequest<Journey>(`/journeys/${id}/${transition}`, { method: 'POST' }));
