import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';
import type { FunnelReport, SalesForecastReport, TeamActivityReport } from './sales-analytics.types.ts';

/** One sales report under the page's filters; the previous answer stays on screen while a new one loads. */
function useSalesReport<T>(report: string, filters: AnalyticsFilters) {
  return useQuery({
    queryKey: ['analytics', report, filters],
    queryFn: () => apiRequest<T>(`/analytics/${report}`, { query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}

export const useFunnelReport = (filters: AnalyticsFilters) => useSalesReport<FunnelReport>('funnel', filters);
export const useSalesForecastReport = (filters: AnalyticsFilters) => useSalesReport<SalesForecastReport>('sales-forecast', filters);
export const useTeamActivityReport = (filters: AnalyticsFilters) => useSalesReport<TeamActivityReport>('team-activity', filters);
