import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedCompanies } from './companies.demo.ts';
import { companyRecordType } from './companies.records.ts';

export { companyRecordType };

export const companiesModule: RapportModule = {
  name: 'companies',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [companyRecordType],
  seedDemo: seedCompanies,
};
