import { customerAnalyticsEn } from './customer-analytics.en.ts';
import { salesAnalyticsEn } from './sales-analytics.en.ts';
import { customerValueEn } from './customer-value.en.ts';
import { dashboardEn } from './dashboard.en.ts';

/** English strings of the analytics pages; analytics.ru.ts has the same keys. */
export const analyticsEn = {
  title: 'Analytics',
  description: 'Reports computed from the workspace’s own data, under your role’s access.',
  overview: 'Overview',
  open: 'Open',
  exportPng: 'Download PNG',
  exportCsv: 'Download CSV',
  noData: 'No data for these filters',
  loadFailed: 'The report could not be loaded',
  noDataHint: 'Widen the period or clear a filter.',
  formula: 'Formula',
  sales: salesAnalyticsEn,
  customers: customerAnalyticsEn,
  value: customerValueEn,
  dashboard: dashboardEn,
  filters: {
    from: 'From',
    to: 'To',
    owner: 'Owner',
    everyone: 'Everyone',
    team: 'Team',
    allTeams: 'All teams',
    pipeline: 'Pipeline',
    allPipelines: 'All pipelines',
  },
};
