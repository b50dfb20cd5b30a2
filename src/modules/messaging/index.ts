import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { deliverJob } from './deliver.job.ts';
import { messagingPersonalData } from './messaging.personal-data.ts';
import { registerMessagingRoutes } from './messaging.routes.ts';

export {
  MESSAGE_CHANNELS, MESSAGE_PURPOSES, MESSAGE_SOURCES, MESSAGE_STATUSES, SKIP_REASONS, queueMessageSchema,
  type MessageChannel, type MessagePurpose, type MessageStatus, type MessageView, type QueueMessageInput, type SkipReason,
} from './messaging.schemas.ts';
export { markClicked, markOpened, noteResponse, queueMessage } from './messaging.service.ts';
export { registerEmailTransform, type EmailBody, type EmailTransform, type EmailTransformContext } from './email-transforms.ts';
export type { SmsProvider } from './sms.channel.ts';

/**
 * Channels (email, SMS, Telegram), message statuses and the sending rules: consent, quiet hours,
 * frequency cap, channel choice and exactly-once sends, applied in one place at send time.
 * Campaigns and journeys render their content and call queueMessage().
 */
export const messagingModule: RapportModule = {
  name: 'messaging',
  personalData: messagingPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerMessagingRoutes,
  jobs: [deliverJob],
};
