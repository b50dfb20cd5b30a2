import type { RouteObject } from 'react-router-dom';
import { RecordDetailPage } from './record-detail.page.tsx';
import { RecordListPage } from './record-list.page.tsx';

/**
 * Every record type (people, companies, deals, …) lives at /{plural}; the pages read the type's
 * metadata, so a new type needs no new route. Fixed paths such as /settings rank above these.
 */
export const recordRoutes: RouteObject[] = [
  { path: ':plural', element: <RecordListPage /> },
  { path: ':plural/:id', element: <RecordDetailPage /> },
];
