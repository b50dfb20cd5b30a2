import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedActivities } from './activities.demo.ts';
import { activityRecordType } from './activities.records.ts';
import { registerActivityRoutes } from './activities.routes.ts';

export { activityRecordType };
export { findMyDueActivities, type DueActivity } from './activities.service.ts';

export const activitiesModule: RapportModule = {
  name: 'activities',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [activityRecordType],
  routes: registerActivityRoutes,
  seedDemo: seedActivities,
};
