export { registerConsentParts } from './consent.register.tsx';
export { CHANNELS, PURPOSES, type Channel, type Purpose } from './consent.types.ts';
