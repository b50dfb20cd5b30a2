import type { RouteObject } from 'react-router-dom';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { PriceListDetailPage } from './price-list-detail.page.tsx';
import { PriceListsPage } from './price-lists.page.tsx';

/**
 * Fixed paths rank above the generic /:plural and /:plural/:id. Products themselves need no route:
 * they are an ordinary record type at /products.
 */
export const priceListRoutes: RouteObject[] = [
  { path: 'price-lists', element: <PermissionGate objectType="product" action="read"><PriceListsPage /></PermissionGate> },
  { path: 'price-lists/:id', element: <PermissionGate objectType="product" action="read"><PriceListDetailPage /></PermissionGate> },
];
