export { segmentRoutes } from './segments.routes.tsx';
export { segmentsNavItem } from './segments.nav.tsx';
