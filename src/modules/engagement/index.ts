import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { registerEmailTransform } from '../messaging/index.ts';
import { engagementPersonalData } from './engagement.personal-data.ts';
import { registerEngagementRoutes } from './engagement.routes.ts';
import { attributeOrder, attributeUnsubscribe, trackEmail } from './engagement.service.ts';

export { engagementKpis, engagementStats, type EngagementFilter, type EngagementKpis, type EngagementStats, type GroupedEngagementStats } from './engagement.stats.ts';
export { attributeOrder, loadEngagementSettings } from './engagement.service.ts';
export { instrumentEmailHtml, instrumentEmailText, type LinkRewrite } from './tracking-links.ts';

// Messaging sends every email through its transforms; it never imports this module.
registerEmailTransform(trackEmail);

/**
 * Tracking and attribution: an open pixel and signed click redirects in outgoing email,
 * unsubscribes and orders put down to the message that led to them, and the figures per
 * campaign, journey, step and variant that campaigns, journeys and analytics show.
 */
export const engagementModule: RapportModule = {
  name: 'engagement',
  personalData: engagementPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerEngagementRoutes,
  eventHandlers: [
    {
      handler: 'engagement.attribute-order',
      events: ['order.created', 'order.updated', 'order.returned', 'order.deleted'],
      handle: async (event, { db }) => void (await attributeOrder(db, event.workspaceId, event.entityId!)),
    },
    {
      handler: 'engagement.attribute-unsubscribe',
      events: ['consent.withdrawn'],
      handle: async (event, { db }) => {
        const payload = event.payload as { entry_id?: string; channel?: string; purpose?: string; source?: string };
        // Only withdrawals through a mailed link come from a message.
        if (payload.channel !== 'email' || payload.purpose !== 'marketing' || payload.source !== 'email_link' || !payload.entry_id) return;
        await attributeUnsubscribe(db, event.workspaceId, event.entityId!, payload.entry_id, new Date(event.occurredAt));
      },
    },
  ],
};
