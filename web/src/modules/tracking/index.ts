export { registerTrackingParts } from './tracking.register.tsx';
