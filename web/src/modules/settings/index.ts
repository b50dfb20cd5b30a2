export { settingsNav } from './settings.nav.tsx';
export { settingsRoutes } from './settings.routes.tsx';
