export { registerCommerceTabs } from './order-parts.register.tsx';
