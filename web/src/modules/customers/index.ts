export { customersNav } from './customers.nav.tsx';
