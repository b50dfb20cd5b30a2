import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedObjects } from './objects.demo.ts';
import { registerObjectRoutes } from './objects.routes.ts';
import { workspaceObjectTypes } from './objects.service.ts';
import { objectsPersonalData } from './objects.personal-data.ts';

/**
 * Custom objects: record types a workspace defines at run time (the seed's "database objects",
 * S1:41-46), with list and detail, custom fields, filters and views, permissions, audit and timeline.
 */
export const objectsModule: RapportModule = {
  name: 'objects',
  personalData: objectsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  workspaceRecordTypes: workspaceObjectTypes,
  routes: registerObjectRoutes,
  seedDemo: seedObjects,
};
