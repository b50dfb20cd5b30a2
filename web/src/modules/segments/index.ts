export { segmentRoutes } from './segments.routes.tsx';
export { segmentsNavItem } from './segments.nav.tsx';
export { registerSegmentParts } from './segments.register.tsx';
