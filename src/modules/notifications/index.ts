import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { NOTIFYING_EVENTS, notifyFromEvent } from './notifications.service.ts';
import { notificationsPersonalData } from './notifications.personal-data.ts';

/** In-app notifications: due task reminders and records given to a member, each member's own inbox. */
export const notificationsModule: RapportModule = {
  name: 'notifications',
  personalData: notificationsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerNotificationRoutes,
  eventHandlers: [{ handler: 'notifications.notify', events: NOTIFYING_EVENTS, handle: async (event, { db }) => void (await notifyFromEvent(db, event)) }],
};
