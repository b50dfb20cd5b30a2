import type { RouteObject } from 'react-router-dom';
import { DealBoardPage } from './deal-board.page.tsx';

/** Fixed paths rank above the generic /:plural/:id, so /deals/board is not read as a deal id. */
export const dealRoutes: RouteObject[] = [
  { path: 'deals/board', element: <DealBoardPage /> },
];
