import type { RouteObject } from 'react-router-dom';
import { ChannelsPage } from './channels.page.tsx';
import { CohortsPage } from './cohorts.page.tsx';
import { KpisPage } from './kpis.page.tsx';
import { MarketingSpendPage } from './marketing-spend.page.tsx';
import { ParetoPage } from './pareto.page.tsx';

/** The customer reports' pages and the spend entry page. */
export const customerAnalyticsRoutes: RouteObject[] = [
  { path: 'analytics/kpis', element: <KpisPage /> },
  { path: 'analytics/cohorts', element: <CohortsPage /> },
  { path: 'analytics/pareto', element: <ParetoPage /> },
  { path: 'analytics/channels', element: <ChannelsPage /> },
  { path: 'analytics/spend', element: <MarketingSpendPage /> },
];
