export { campaignRoutes } from './campaigns.routes.tsx';
export { campaignsNavItem } from './campaigns.nav.tsx';
