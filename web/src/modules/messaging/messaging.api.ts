import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { Message, MessageChannel, MessageStatus, MessagingSettings, MessagingSettingsInput } from './messaging.types.ts';

const MESSAGES_KEY = ['marketing', 'messages'] as const;
const SETTINGS_KEY = ['marketing', 'messaging-settings'] as const;

export interface MessageFilters {
  status?: MessageStatus;
  channel?: MessageChannel;
  person_id?: string;
}

export function useMessages(filters: MessageFilters) {
  return useQuery({
    queryKey: [...MESSAGES_KEY, filters],
    queryFn: () => apiRequest<{ data: Message[]; next_cursor: string | null }>('/messaging/messages', { query: { limit: 100, ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export function useMessagingSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => apiRequest<MessagingSettings>('/messaging/settings') });
}

export function useUpdateMessagingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MessagingSettingsInput) => apiRequest<MessagingSettings>('/messaging/settings', { method: 'PUT', body: input }),
    meta: { isSilent: true },
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
}

export function useTelegramLink() {
  return useMutation({
    mutationFn: (personId: string) => apiRequest<{ url: string; expires_at: string }>(`/people/${personId}/telegram-link`, { method: 'POST' }),
  });
}
