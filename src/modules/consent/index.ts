import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { sendConfirmationJob } from './confirmation-mail.job.ts';
import { registerConsentRoutes } from './consent.routes.ts';
import { consentPersonalData } from './consent.personal-data.ts';

export { CHANNELS, PURPOSES, recordConsentSchema, type Channel, type ConsentEntry, type Purpose, type RecordConsentInput } from './consent.schemas.ts';
export { contactableCondition, mayContact, recordConsent, type ContactReason, type MayContactOptions } from './consent.service.ts';
export { openToken, signToken, unsubscribeHeaders, uuidBytes, uuidText, unsubscribeUrl, type UnsubscribeLinkOptions } from './consent-links.ts';

/**
 * The consent ledger: who agreed to be contacted how and why, with proof, double opt-in by email,
 * one-click unsubscribe and a preference page. Sending modules ask mayContact() before every send.
 */
export const consentModule: RapportModule = {
  name: 'consent',
  personalData: consentPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerConsentRoutes,
  jobs: [sendConfirmationJob],
};
