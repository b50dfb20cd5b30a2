import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { LeadDetailPage } from './lead-detail.page.tsx';
import { LeadListPage } from './lead-list.page.tsx';

/** Fixed paths rank above the generic /:plural and /:plural/:id, so leads get their own pages. */
export const leadRoutes: RouteObject[] = [
  { path: 'leads', element: <PermissionGate objectType="lead" action="read"><LeadListPage /></PermissionGate> },
  { path: 'leads/:id', element: <PermissionGate objectType="lead" action="read"><LeadDetailPage /></PermissionGate> },
];
