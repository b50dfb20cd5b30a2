import type { Config } from '../../platform/config.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { EmailChannel } from './email.channel.ts';
import { SendRateLimits } from './send-rate.ts';

/**
 * What sending needs besides the database, one per running app: the pooled SMTP transports, the
 * SMS and Telegram send rates and the job queue (a delivery deferred by quiet hours queues its next attempt). Jobs receive only
 * the config, so the app's config object names its runtime.
 */
export interface MessagingRuntime {
  email: EmailChannel;
  sendRates: SendRateLimits;
  jobs: JobQueue | null;
}

const runtimes = new WeakMap<Config, MessagingRuntime>();

export function messagingRuntime(config: Config): MessagingRuntime {
  let runtime = runtimes.get(config);
  if (!runtime) {
    runtime = { email: new EmailChannel(config), sendRates: new SendRateLimits(), jobs: null };
    runtimes.set(config, runtime);
  }
  return runtime;
}
