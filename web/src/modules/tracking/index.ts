export { registerTrackingParts } from './tracking.register.tsx';
export { TrackingSettingsPage } from './tracking-settings.page.tsx';
