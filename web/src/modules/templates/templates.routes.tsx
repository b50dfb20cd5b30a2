import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { TemplateEditPage } from './template-edit.page.tsx';
import { TemplatesPage } from './templates.page.tsx';

/** Whoever may read people reads templates and previews them; the pages offer editing to those who may write. */
export const templateRoutes: RouteObject[] = [
  { path: 'marketing/templates', element: <PermissionGate objectType="person" action="read"><TemplatesPage /></PermissionGate> },
  { path: 'marketing/templates/new', element: <PermissionGate objectType="person" action="read"><TemplateEditPage /></PermissionGate> },
  { path: 'marketing/templates/:id', element: <PermissionGate objectType="person" action="read"><TemplateEditPage /></PermissionGate> },
];
