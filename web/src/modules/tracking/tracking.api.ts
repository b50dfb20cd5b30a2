import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { Page } from '../records/index.ts';
import type { PersonActivity, TrackingEvent, TrackingSettings, TrackingSettingsInput } from './tracking.types.ts';

// Under the person's own key, like their other parts; the overview hides a block the server refuses, so no toast.
const personKey = (personId: string, part: string) => ['records', 'people', 'one', personId, part] as const;
const SETTINGS_KEY = ['tracking', 'settings'] as const;

export function usePersonEvents(personId: string, limit: number) {
  return useQuery({
    queryKey: [...personKey(personId, 'events'), limit],
    queryFn: () => apiRequest<Page<TrackingEvent>>(`/people/${personId}/events`, { query: { limit } }),
    meta: { isSilent: true },
  });
}

/** The person's engagement and open cart. */
export function usePersonActivity(personId: string) {
  return useQuery({
    queryKey: personKey(personId, 'activity'),
    queryFn: () => apiRequest<PersonActivity>(`/people/${personId}/activity`),
    meta: { isSilent: true },
  });
}

export function useTrackingSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => apiRequest<TrackingSettings>('/tracking/settings') });
}

export function useUpdateTrackingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TrackingSettingsInput) => apiRequest<TrackingSettings>('/tracking/settings', { method: 'PATCH', body: input }),
    // The form shows refused fields next to their inputs.
    meta: { isSilent: true },
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
}

/** A new write key: the old one stops working at once, so every site needs the new snippet. */
export function useRotateWriteKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<TrackingSettings>('/tracking/settings/rotate-key', { method: 'POST' }),
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
}
