import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedActivities } from './activities.demo.ts';
import { activityRecordType } from './activities.records.ts';
import { registerActivityRoutes } from './activities.routes.ts';
import { sweepReminders } from './participants.service.ts';
import { activitiesPersonalData } from './activities.personal-data.ts';

export { activityRecordType };
export { findMyDueActivities, type DueActivity } from './activities.service.ts';
export { sweepReminders };

export const activitiesModule: RapportModule = {
  name: 'activities',
  personalData: activitiesPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [activityRecordType],
  routes: registerActivityRoutes,
  jobs: [{
    name: 'activities.reminders',
    cron: '* * * * *',
    retryLimit: 0,
    handle: async (_data, { db, log }) => {
      const due = await sweepReminders(db);
      if (due > 0) log.info({ due }, 'activity reminders');
    },
  }],
  seedDemo: seedActivities,
};
