import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MessagePurpose } from './messaging.schemas.ts';

export interface EmailTransformContext {
  db: Db;
  config: Config;
  workspaceId: string;
  messageId: string;
  purpose: MessagePurpose;
}

export interface EmailBody {
  html: string | null;
  text: string;
}

/** Changes an email's body just before it is sent, e.g. tracking rewrites its links. */
export type EmailTransform = (ctx: EmailTransformContext, body: EmailBody) => Promise<EmailBody>;

const transforms: EmailTransform[] = [];

/**
 * Lets another module change outgoing email without messaging knowing it (engagement registers
 * its link tracking when it loads). A transform registered twice runs once.
 */
export function registerEmailTransform(transform: EmailTransform): void {
  if (!transforms.includes(transform)) transforms.push(transform);
}

export async function applyEmailTransforms(ctx: EmailTransformContext, body: EmailBody): Promise<EmailBody> {
  let result = body;
  for (const transform of transforms) result = await transform(ctx, result);
  return result;
}
