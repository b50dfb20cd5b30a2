export { journeyRoutes } from './journeys.routes.tsx';
export { journeysNavItem } from './journeys.nav.tsx';
