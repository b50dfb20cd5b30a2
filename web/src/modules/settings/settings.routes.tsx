import { Navigate, type RouteObject } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { Exchange1cPage } from '../exchange-1c/index.ts';
import { FormEditPage, FormsPage } from '../forms/index.ts';
import { LeadDistributionPage } from '../leads/index.ts';
import { PersonalDataPage } from '../privacy/index.ts';
import { TrackingSettingsPage } from '../tracking/index.ts';
import { ApiKeysPage } from './api-keys/api-keys.page.tsx';
import { AuditLogPage } from './audit-log/audit-log.page.tsx';
import { CustomFieldsPage } from './custom-fields/custom-fields.page.tsx';
import { CustomObjectsPage } from './custom-objects/custom-objects.page.tsx';
import { MembersPage } from './members/members.page.tsx';
import { PipelinesPage } from './pipelines/pipelines.page.tsx';
import { RoleEditPage } from './roles/role-edit.page.tsx';
import { RolesPage } from './roles/roles.page.tsx';
import { settingsItems } from './settings.nav.tsx';
import { TeamsPage } from './teams/teams.page.tsx';

/** /settings opens the first settings page this role may read. */
function SettingsIndex() {
  const { t } = useTranslation();
  const me = useSession();
  const first = settingsItems(me, t).find((item) => item.isVisible);
  return <Navigate to={first?.to ?? '/'} replace />;
}

export const settingsRoutes: RouteObject[] = [
  { path: 'settings', element: <SettingsIndex /> },
  { path: 'settings/members', element: <PermissionGate objectType="member" action="read"><MembersPage /></PermissionGate> },
  { path: 'settings/teams', element: <PermissionGate objectType="team" action="read"><TeamsPage /></PermissionGate> },
  { path: 'settings/lead-distribution', element: <PermissionGate objectType="lead" action="read"><LeadDistributionPage /></PermissionGate> },
  { path: 'settings/pipelines', element: <PermissionGate objectType="deal" action="read"><PipelinesPage /></PermissionGate> },
  { path: 'settings/roles', element: <PermissionGate objectType="role" action="read"><RolesPage /></PermissionGate> },
  { path: 'settings/roles/new', element: <PermissionGate objectType="role" action="create"><RoleEditPage /></PermissionGate> },
  { path: 'settings/roles/:id', element: <PermissionGate objectType="role" action="read"><RoleEditPage /></PermissionGate> },
  { path: 'settings/custom-objects', element: <PermissionGate objectType="workspace" action="update"><CustomObjectsPage /></PermissionGate> },
  { path: 'settings/custom-fields', element: <PermissionGate objectType="workspace" action="update"><CustomFieldsPage /></PermissionGate> },
  { path: 'settings/web-forms', element: <PermissionGate objectType="workspace" action="update"><FormsPage /></PermissionGate> },
  { path: 'settings/web-forms/new', element: <PermissionGate objectType="workspace" action="update"><FormEditPage /></PermissionGate> },
  { path: 'settings/web-forms/:id', element: <PermissionGate objectType="workspace" action="update"><FormEditPage /></PermissionGate> },
  { path: 'settings/integrations/1c', element: <PermissionGate objectType="workspace" action="update"><Exchange1cPage /></PermissionGate> },
  { path: 'settings/site-tracking', element: <PermissionGate objectType="workspace" action="read"><TrackingSettingsPage /></PermissionGate> },
  { path: 'settings/api-keys', element: <PermissionGate objectType="api_key" action="read"><ApiKeysPage /></PermissionGate> },
  { path: 'settings/personal-data', element: <PermissionGate objectType="personal_data" action="read"><PersonalDataPage /></PermissionGate> },
  { path: 'settings/audit', element: <PermissionGate objectType="audit_log" action="read"><AuditLogPage /></PermissionGate> },
];
