import type { RouteObject } from 'react-router-dom';
import { SegmentEditorPage } from './segment-editor.page.tsx';
import { SegmentsListPage } from './segments-list.page.tsx';

export const segmentRoutes: RouteObject[] = [
  { path: 'marketing/segments', element: <SegmentsListPage /> },
  { path: 'marketing/segments/new', element: <SegmentEditorPage /> },
  { path: 'marketing/segments/:id', element: <SegmentEditorPage /> },
];
