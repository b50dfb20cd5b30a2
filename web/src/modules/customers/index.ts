export { customersNav } from './customers.nav.tsx';
export { registerCustomerParts } from './customers-parts.register.tsx';
export { PersonAdder } from './person-adder.component.tsx';
export type { PersonHit } from './customers-parts.types.ts';
export { OverviewCard, OverviewEmpty } from './overview-card.component.tsx';
export { registerPersonOverviewBlocks } from './person-overview.registry.ts';
export type { PersonOverviewBlock, PersonOverviewBlockProps } from './person-overview.registry.ts';
