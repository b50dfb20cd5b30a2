import type { RouteObject } from 'react-router-dom';
import { AnalyticsHomePage } from './analytics-home.page.tsx';

/** Each report's page; reports check the rights they need on the server and show what they may. */
export const analyticsRoutes: RouteObject[] = [
  { path: 'analytics', element: <AnalyticsHomePage /> },
];
