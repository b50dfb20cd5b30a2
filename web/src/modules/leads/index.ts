export { leadRoutes } from './leads.routes.tsx';
export { LeadDistributionPage } from './distribution/lead-distribution.page.tsx';
export { LeadSlaBadge } from './lead-badges.component.tsx';
