export { analyticsNav } from './analytics.nav.tsx';
export { analyticsRoutes } from './analytics.routes.tsx';
export { AnalyticsChart, type ChartTable } from './analytics-chart.component.tsx';
export { AnalyticsFilterBar, useAnalyticsFilters, type AnalyticsFilters } from './analytics-filters.component.tsx';
export { registerCustomerValueParts } from './person-value.block.tsx';
