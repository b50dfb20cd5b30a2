export { customersNav } from './customers.nav.tsx';
export { registerCustomerParts } from './customers-parts.register.tsx';
