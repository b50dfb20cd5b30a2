export { registerConsentParts } from './consent.register.tsx';
