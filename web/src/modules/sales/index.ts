export { salesNav } from './sales.nav.tsx';
