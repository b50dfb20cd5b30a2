import { Navigate, type RouteObject } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { registerActivityTabs } from './modules/activities/index.ts';
import { analyticsRoutes, registerCustomerValueParts } from './modules/analytics/index.ts';
import { useSession } from './modules/auth/auth.api.ts';
import { LoginPage } from './modules/auth/login.page.tsx';
import { registerCommerceTabs } from './modules/commerce/index.ts';
import { registerConsentParts } from './modules/consent/index.ts';
import { customersNav, registerCustomerParts } from './modules/customers/index.ts';
import { registerPrivacyParts } from './modules/privacy/index.ts';
import { messagingRoutes, registerMessagingParts } from './modules/messaging/index.ts';
import { databasesNav } from './modules/databases/index.ts';
import { DealListSwitchLayout, dealRoutes, registerDealTabs } from './modules/deals/index.ts';
import { duplicateRoutes } from './modules/duplicates/index.ts';
import { importRoutes } from './modules/imports/index.ts';
import { leadRoutes } from './modules/leads/index.ts';
import { MyDayPage } from './modules/my-day/index.ts';
import { priceListRoutes, registerProductTabs } from './modules/products/index.ts';
import { exportRoutes, recordRoutes, useObjectTypes } from './modules/records/index.ts';
import { salesNav } from './modules/sales/index.ts';
import { registerSegmentParts, segmentRoutes } from './modules/segments/index.ts';
import { settingsRoutes } from './modules/settings/index.ts';
import { templateRoutes } from './modules/templates/index.ts';
import { journeyRoutes } from './modules/journeys/index.ts';
import { campaignRoutes } from './modules/campaigns/index.ts';
import { registerTrackingParts } from './modules/tracking/index.ts';
import { AppShellLayout } from './shell/app-shell.layout.tsx';
import { ComingSoonPage } from './shell/coming-soon.page.tsx';
import { NotFoundPage } from './shell/not-found.page.tsx';
import { SessionGate } from './shell/session-gate.component.tsx';

// Tabs and header actions that modules add to the generic record page of their types.
registerDealTabs();
registerProductTabs();
registerCustomerParts();
registerPrivacyParts();
registerActivityTabs();
registerConsentParts();
registerCommerceTabs();
registerTrackingParts();
registerCustomerValueParts();
registerSegmentParts();
registerMessagingParts();

/** The start page: the first record list the role may read. */
function HomeRedirect() {
  const { t } = useTranslation();
  const me = useSession();
  const objectTypes = useObjectTypes();
  // A role may read only the workspace's own record types: wait for them before choosing.
  if (objectTypes.isPending) return null;
  const first = [customersNav, salesNav, databasesNav]
    .flatMap((build) => build(me, t, objectTypes.data ?? []).items ?? [])
    .find((item) => item.isVisible);
  return <Navigate to={first?.to ?? '/settings'} replace />;
}

function ComingSoonRoute({ section }: { section: 'service' | 'marketing' }) {
  const { t } = useTranslation();
  return <ComingSoonPage title={t(`nav.${section}`)} />;
}

export const appRoutes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <SessionGate />,
    children: [
      {
        element: <AppShellLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'my-day', element: <MyDayPage /> },
          { path: 'service', element: <ComingSoonRoute section="service" /> },
          { path: 'marketing', element: <ComingSoonRoute section="marketing" /> },
          ...analyticsRoutes,
          ...messagingRoutes,
          ...templateRoutes,
          ...journeyRoutes,
          ...campaignRoutes,
          ...segmentRoutes,
          ...settingsRoutes,
          ...dealRoutes,
          ...leadRoutes,
          ...importRoutes,
          ...exportRoutes,
          ...duplicateRoutes,
          ...priceListRoutes,
          // The deals list is the generic record list; this layout adds the list ↔ board switch above it.
          { element: <DealListSwitchLayout />, children: recordRoutes },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
