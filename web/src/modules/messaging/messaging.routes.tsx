import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { MessagesPage } from './messages.page.tsx';

export const messagingRoutes: RouteObject[] = [
  { path: 'marketing/messages', element: <PermissionGate objectType="message" action="read"><MessagesPage /></PermissionGate> },
];
