import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerTimelineRoutes } from './timeline.routes.ts';
import { projectEvent } from './timeline.service.ts';
import { timelinePersonalData } from './timeline.personal-data.ts';

/** One chronological history per record, written from domain events, so every module's events appear in it. */
export const timelineModule: RapportModule = {
  name: 'timeline',
  personalData: timelinePersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerTimelineRoutes,
  eventHandlers: [{ handler: 'timeline.project', events: ['*'], handle: async (event, { db }) => void (await projectEvent(db, event)) }],
};
