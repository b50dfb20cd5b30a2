import type { RouteObject } from 'react-router-dom';
import { AnalyticsHomePage } from './analytics-home.page.tsx';
import { customerAnalyticsRoutes } from './customer-analytics.routes.tsx';
import { CustomerValuePage } from './customer-value.page.tsx';
import { FunnelPage } from './funnel.page.tsx';
import { SalesForecastPage } from './sales-forecast.page.tsx';
import { TeamActivityPage } from './team-activity.page.tsx';

/** Each report's page; reports check the rights they need on the server and show what they may. */
export const analyticsRoutes: RouteObject[] = [
  { path: 'analytics', element: <AnalyticsHomePage /> },
  { path: 'analytics/funnel', element: <FunnelPage /> },
  { path: 'analytics/sales-forecast', element: <SalesForecastPage /> },
  { path: 'analytics/team', element: <TeamActivityPage /> },
  ...customerAnalyticsRoutes,
  { path: 'analytics/customer-value', element: <CustomerValuePage /> },
];
