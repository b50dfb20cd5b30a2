import type { RouteObject } from 'react-router-dom';
import { ImportPage } from './imports.page.tsx';

/** A fixed path, so it ranks above the generic /:plural record list. */
export const importRoutes: RouteObject[] = [
  { path: 'import', element: <ImportPage /> },
];
