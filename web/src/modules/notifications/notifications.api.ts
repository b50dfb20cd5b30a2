import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { AppNotification } from './notifications.types.ts';

const NOTIFICATIONS_KEY = ['notifications'] as const;
// Reminders are swept every minute on the server; polling twice as often keeps the bell current.
const POLL_MS = 30_000;
const LIST_LIMIT = 20;

export function useUnreadNotificationCount() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: () => apiRequest<{ count: number }>('/notifications/unread-count').then((body) => body.count),
    refetchInterval: POLL_MS,
  });
}

export function useNotifications(isEnabled: boolean) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list'],
    queryFn: () => apiRequest<{ data: AppNotification[] }>('/notifications', { query: { limit: LIST_LIMIT } }).then((body) => body.data),
    enabled: isEnabled,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<AppNotification>(`/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ count: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
