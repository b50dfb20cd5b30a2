import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

export interface ExchangeSettings {
  url: string;
  login: string | null;
  created_at: string | null;
}

export interface ExchangeCredentials extends ExchangeSettings {
  login: string;
  password: string;
}

export interface ExchangeLogEntry {
  id: string;
  occurred_at: string;
  type: string;
  mode: string;
  filename: string | null;
  result: 'success' | 'failure' | 'progress';
  message: string | null;
  counts: Record<string, number>;
}

const SETTINGS_KEY = ['exchange-1c', 'settings'];
const LOG_KEY = ['exchange-1c', 'log'];

export const useExchangeSettings = () => useQuery({ queryKey: SETTINGS_KEY, queryFn: () => apiRequest<ExchangeSettings>('/exchange-1c') });

export const useExchangeLog = () => useQuery({
  queryKey: LOG_KEY,
  queryFn: () => apiRequest<{ data: ExchangeLogEntry[] }>('/exchange-1c/log?limit=100').then((body) => body.data),
});

export function useRotateExchangeCredentials() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ExchangeCredentials>('/exchange-1c/credentials', { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange-1c'] }),
  });
}
