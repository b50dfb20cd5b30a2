import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedCompanies } from './companies.demo.ts';
import { companyRecordType } from './companies.records.ts';
import { companiesPersonalData } from './companies.personal-data.ts';

export { companyRecordType };

export const companiesModule: RapportModule = {
  name: 'companies',
  personalData: companiesPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [companyRecordType],
  seedDemo: seedCompanies,
};
