import type { RouteObject } from 'react-router-dom';
import { ExportsPage } from './exports.page.tsx';

/** A fixed path, so it ranks above the generic /:plural record list. */
export const exportRoutes: RouteObject[] = [
  { path: 'exports', element: <ExportsPage /> },
];
