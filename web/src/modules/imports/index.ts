export { importRoutes } from './imports.routes.tsx';
export { importableTypes } from './import-permissions.ts';
