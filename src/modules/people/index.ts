import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedPeople } from './people.demo.ts';
import { personRecordType } from './people.records.ts';
import { registerPeopleRoutes } from './people.routes.ts';
import { peoplePersonalData } from './people.personal-data.ts';

export { personRecordType };
export { personToVcard } from './vcard.ts';
export { findOrCreatePeopleByIdentity, matchOrCreatePerson, personMatchSchema } from './person-match.service.ts';

export const peopleModule: RapportModule = {
  name: 'people',
  personalData: peoplePersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [personRecordType],
  routes: registerPeopleRoutes,
  seedDemo: seedPeople,
};
