export { messagingRoutes } from './messaging.routes.tsx';
export { messagingNavItem } from './messaging.nav.tsx';
export { registerMessagingParts } from './messaging.register.tsx';
