import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerFormRoutes } from './forms.routes.ts';
import { formsPersonalData } from './forms.personal-data.ts';

/**
 * Web forms for lead and request capture: hosted pages and an embeddable snippet whose
 * submissions become people, leads or requests, and recorded consents, in one transaction.
 */
export const formsModule: RapportModule = {
  name: 'forms',
  personalData: formsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerFormRoutes,
};
