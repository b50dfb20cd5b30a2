import type { RouteObject } from 'react-router-dom';
import { DuplicatesPage } from './duplicates.page.tsx';

/** A fixed path, so it ranks above the generic /:plural record list. */
export const duplicateRoutes: RouteObject[] = [
  { path: 'duplicates', element: <DuplicatesPage /> },
];
