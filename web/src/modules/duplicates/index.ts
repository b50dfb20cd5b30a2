export { duplicateRoutes } from './duplicates.routes.tsx';
export { reviewableTypes } from './duplicate-merge.ts';
