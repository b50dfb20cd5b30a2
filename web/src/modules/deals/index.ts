export { dealRoutes } from './deals.routes.tsx';
export { DealListSwitchLayout } from './deal-view-switch.component.tsx';
