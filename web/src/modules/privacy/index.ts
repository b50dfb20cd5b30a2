export { PersonalDataPage } from './personal-data.page.tsx';
export { registerPrivacyParts } from './privacy.register.tsx';
