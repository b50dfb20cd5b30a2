import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

/** GET /engagement/kpis: the workspace's seed KPIs of messaging for a period. */
export interface EngagementKpis {
  from: string;
  to: string;
  currency: string;
  mailing_revenue: string;
  orders: number;
  attributed_orders: number;
  sales_revenue: string;
  share_of_sales_after_contact: number;
  delivered: number;
  responded: number;
  response_conversion: number;
}

export function useEngagementKpis(period: { from?: string; to?: string }) {
  return useQuery({
    queryKey: ['engagement', 'kpis', period.from ?? null, period.to ?? null],
    queryFn: () => apiRequest<EngagementKpis>('/engagement/kpis', { query: { from: period.from, to: period.to } }),
  });
}

export interface TrackingSettings {
  tracking_enabled: boolean;
  attribution_window_days: number;
}

const SETTINGS_KEY = ['engagement', 'settings'] as const;

export function useTrackingSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => apiRequest<TrackingSettings>('/engagement/settings') });
}

export function useUpdateTrackingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TrackingSettings) => apiRequest<TrackingSettings>('/engagement/settings', { method: 'PUT', body: input }),
    meta: { isSilent: true },
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
}
