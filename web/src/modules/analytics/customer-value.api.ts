import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

export const RFM_SEGMENTS = [
  'champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'need_attention',
  'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export type ChurnRisk = 'low' | 'medium' | 'high';

export interface ScoringSettings {
  rfm_window_days: number;
  horizon_months: number;
  margin: number;
  annual_discount_rate: number;
}

export interface ModelSummary {
  params: Record<string, number>;
  ll: number;
  standard_errors: Record<string, number | null>;
  customers: number;
  is_converged: boolean;
}

export interface ScoringRun {
  id: string;
  status: 'running' | 'completed' | 'failed';
  as_of: string;
  currency: string;
  customers: number | null;
  settings: ScoringSettings;
  bgnbd: ModelSummary | null;
  gammagamma: ModelSummary | null;
  forecast: { month: number; expected_purchases: number; expected_revenue: number }[];
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface CustomerValueSummary {
  run: ScoringRun | null;
  latest_run: ScoringRun | null;
  segments: { segment: RfmSegment; customers: number; monetary: number; clv: number | null; avg_recency_days: number | null; avg_frequency: number | null }[];
  churn: { risk: ChurnRisk | null; customers: number; clv: number | null }[];
}

export interface ScoredPerson {
  person_id: string;
  full_name: string;
  owner_id: string | null;
  clv: number | null;
  p_alive: number | null;
  churn_risk: ChurnRisk | null;
  rfm_segment: RfmSegment;
  recency_days: number;
  frequency: number;
  monetary: number;
  expected_purchases: number | null;
}

export interface PersonScore {
  first_order_on: string;
  last_order_on: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_segment: RfmSegment;
  repeat_purchases: number;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_avg_value: number | null;
  clv: number | null;
  churn_risk: ChurnRisk | null;
}

export interface HoldoutReport {
  weeks: number;
  calibration_end: string | null;
  customers: number;
  params: Record<string, number> | null;
  buckets: { x: number; customers: number; predicted: number; actual: number }[];
}

const KEY = ['customer-value'] as const;

/** While a run is under way the summary is polled, so the page shows it finishing. */
export function useCustomerValueSummary() {
  return useQuery({
    queryKey: [...KEY, 'summary'],
    queryFn: () => apiRequest<CustomerValueSummary>('/customer-value'),
    refetchInterval: (query) => (query.state.data?.latest_run?.status === 'running' ? 2000 : false),
  });
}

export function useScoredPeople(query: { segment?: RfmSegment | null; churn_risk?: ChurnRisk | null; sort: 'clv' | 'churn' | 'recency' | 'monetary'; limit: number; offset?: number }) {
  return useQuery({
    queryKey: [...KEY, 'people', query],
    queryFn: () => apiRequest<{ data: ScoredPerson[]; has_more: boolean }>('/customer-value/people', {
      query: { sort: query.sort, limit: query.limit, offset: query.offset ?? 0, ...(query.segment ? { segment: query.segment } : {}), ...(query.churn_risk ? { churn_risk: query.churn_risk } : {}) },
    }),
  });
}

export function useHoldout(weeks: number) {
  return useQuery({ queryKey: [...KEY, 'holdout', weeks], queryFn: () => apiRequest<HoldoutReport>('/customer-value/holdout', { query: { weeks } }) });
}

export function usePersonScore(personId: string) {
  return useQuery({
    queryKey: [...KEY, 'person', personId],
    queryFn: () => apiRequest<{ score: PersonScore | null; run: ScoringRun | null }>(`/people/${personId}/customer-value`),
  });
}

export function useScoringSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: () => apiRequest<ScoringSettings>('/customer-value/settings') });
}

export function useSaveScoringSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ScoringSettings) => apiRequest<ScoringSettings>('/customer-value/settings', { method: 'PUT', body: settings }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRescore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ queued: boolean }>('/customer-value/runs', { method: 'POST' }),
    // The job writes the run row as it starts; look again shortly, then poll while it runs.
    onSuccess: () => setTimeout(() => void queryClient.invalidateQueries({ queryKey: KEY }), 1000),
  });
}
