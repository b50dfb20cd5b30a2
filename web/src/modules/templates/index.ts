export { templateRoutes } from './templates.routes.tsx';
export { templatesNavItem } from './templates.nav.tsx';
