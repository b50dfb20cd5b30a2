import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { JourneyEditorPage } from './journey-editor.page.tsx';
import { JourneysPage } from './journeys.page.tsx';

export const journeyRoutes: RouteObject[] = [
  { path: 'marketing/journeys', element: <PermissionGate objectType="person" action="read"><JourneysPage /></PermissionGate> },
  { path: 'marketing/journeys/:id', element: <PermissionGate objectType="person" action="read"><JourneyEditorPage /></PermissionGate> },
];
