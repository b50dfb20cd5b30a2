import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { CampaignEditPage } from './campaign-edit.page.tsx';
import { CampaignPage } from './campaign.page.tsx';
import { CampaignsPage } from './campaigns.page.tsx';

/** Whoever may read people reads campaigns and their reports; the pages offer running them to those who may. */
export const campaignRoutes: RouteObject[] = [
  { path: 'marketing/campaigns', element: <PermissionGate objectType="person" action="read"><CampaignsPage /></PermissionGate> },
  { path: 'marketing/campaigns/new', element: <PermissionGate objectType="person" action="read"><CampaignEditPage /></PermissionGate> },
  { path: 'marketing/campaigns/:id', element: <PermissionGate objectType="person" action="read"><CampaignPage /></PermissionGate> },
  { path: 'marketing/campaigns/:id/edit', element: <PermissionGate objectType="person" action="read"><CampaignEditPage /></PermissionGate> },
];
