export { customersNav } from './customers.nav.tsx';
export { registerCustomerTabs } from './customers-parts.register.tsx';
