export { customersNav } from './customers.nav.tsx';
export { registerCustomerParts } from './customers-parts.register.tsx';
export { PersonAdder } from './person-adder.component.tsx';
export type { PersonHit } from './customers-parts.types.ts';
