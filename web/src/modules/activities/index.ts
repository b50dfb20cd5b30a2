export { registerActivityTabs } from './activities-parts.register.tsx';
