import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';

export interface Period { from: string; to: string }

export interface CohortsReport {
  period: Period;
  currency: string;
  is_money_hidden: boolean;
  max_offset: number;
  customers: number;
  cohorts: { month: string; size: number; retention?: (number | null)[]; buyers?: (number | null)[]; revenue?: (string | null)[]; revenue_per_customer?: (string | null)[] }[];
}

export type KpiKey = 'lead_conversion' | 'cac' | 'nps' | 'ltv' | 'retention_rate' | 'churn_rate' | 'aov' | 'repeat_purchase_rate'
  | 'second_purchase_rate' | 'roi' | 'lead_response_time' | 'lost_leads' | 'base_growth';
export type KpiReason = 'no_survey_answers' | 'no_data' | 'money_hidden' | 'no_spend' | 'spend_not_attributed' | 'no_lead_access' | 'no_churn';

export interface Kpi {
  key: KpiKey;
  unit: 'percent' | 'money' | 'minutes';
  is_higher_better: boolean;
  formula: string;
  value: number | null;
  reason: KpiReason | null;
  previous: number | null;
  change: number | null;
  change_percent: number | null;
  baseline: number | null;
  baseline_change: number | null;
}

export interface KpiBaseline { id: string; name: string; period: Period; filters: Record<string, string>; created_at: string }

export interface KpisReport {
  period: Period;
  previous_period: Period;
  currency: string;
  is_money_hidden: boolean;
  baseline: KpiBaseline | null;
  figures: { current: { orders: number; buyers: number; leads: number | null; people_new: number }; previous: { orders: number } };
  kpis: Kpi[];
}

export interface PortraitRow { value: string | null; customers: number; revenue: string | null; share: number | null }
export interface PortraitGroups { top: PortraitRow[]; rest: PortraitRow[] }
export interface ParetoGroup { customers: number; orders: number; revenue: string | null; revenue_share: number | null; average_order_value: string | null; revenue_per_customer: string | null }

export interface ParetoReport {
  period: Period;
  currency: string;
  is_money_hidden: boolean;
  customers: number;
  top_customers: number;
  revenue: string | null;
  top_revenue: string | null;
  top_share: number | null;
  curve: { customers_share: number; revenue_share: number }[];
  groups: { top: ParetoGroup; rest: ParetoGroup } | null;
  portrait: { categories: PortraitGroups; channels: PortraitGroups; sources: PortraitGroups; cities: PortraitGroups | null } | null;
}

export interface ChannelRow {
  source: string | null;
  revenue: string | null;
  orders: number;
  customers: number;
  new_customers: number;
  new_customer_revenue: string | null;
  leads: number | null;
  converted_leads: number | null;
  lead_conversion: number | null;
  spend: string | null;
  cac: string | null;
  roi: number | null;
}

export interface ChannelsReport { period: Period; currency: string; is_money_hidden: boolean; is_spend_attributed: boolean; channels: ChannelRow[] }

export interface Spend { id: string; month: string; channel: string; amount: string; currency: string; note: string | null; updated_at: string }
export interface SpendInput { month: string; channel: string; amount: string; currency?: string; note?: string | null }

/** The analytics filters a customer report takes: all but the pipeline. */
const customerFilters = ({ pipeline_id: _pipeline, ...filters }: AnalyticsFilters) => filters;

function useCustomerReport<T>(report: string, filters: AnalyticsFilters, extra: Record<string, string | undefined> = {}) {
  const query = { ...customerFilters(filters), ...extra };
  return useQuery({
    queryKey: ['analytics', report, query],
    queryFn: () => apiRequest<T>(`/analytics/${report}`, { query }),
    placeholderData: keepPreviousData,
  });
}

export const useCohortsReport = (filters: AnalyticsFilters) => useCustomerReport<CohortsReport>('cohorts', filters);
export const useKpisReport = (filters: AnalyticsFilters, baselineId: string | null) => useCustomerReport<KpisReport>('kpis', filters, { baseline_id: baselineId ?? undefined });
export const useParetoReport = (filters: AnalyticsFilters) => useCustomerReport<ParetoReport>('pareto', filters);
export const useChannelsReport = (filters: AnalyticsFilters) => useCustomerReport<ChannelsReport>('channels', filters);

export function useKpiBaselines() {
  return useQuery({ queryKey: ['analytics', 'kpi-baselines'], queryFn: () => apiRequest<{ data: KpiBaseline[] }>('/analytics/kpis/baselines') });
}

export function useSaveKpiBaseline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, string | undefined>) => apiRequest<KpiBaseline>('/analytics/kpis/baselines', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['analytics', 'kpi-baselines'] }),
  });
}

export function useDeleteKpiBaseline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/analytics/kpis/baselines/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['analytics', 'kpi-baselines'] }),
  });
}

export function useMarketingSpend() {
  return useQuery({ queryKey: ['analytics', 'spend'], queryFn: () => apiRequest<{ currency: string; data: Spend[] }>('/analytics/spend') });
}

/** Spend changes CAC and ROI: every customer report is refreshed after a change. */
function useSpendMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, meta: { isSilent: true }, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['analytics'] }) });
}

export const useCreateSpend = () => useSpendMutation((input: SpendInput) => apiRequest<Spend>('/analytics/spend', { method: 'POST', body: input }));
export const useUpdateSpend = () => useSpendMutation(({ id, ...input }: SpendInput & { id: string }) => apiRequest<Spend>(`/analytics/spend/${id}`, { method: 'PATCH', body: input }));
export const useDeleteSpend = () => useSpendMutation((id: string) => apiRequest<void>(`/analytics/spend/${id}`, { method: 'DELETE' }));
