import { sql } from 'kysely';
import type { Db } from './db/database.ts';
import type { JobDefinition } from './jobs/jobs.ts';

/** Expired sessions and day-old idempotency keys serve nobody; drop them every quarter hour. */
export function housekeepingJob(db: Db): JobDefinition {
  return {
    name: 'platform.housekeeping',
    cron: '*/15 * * * *',
    retryLimit: 2,
    handle: async (_data, { log }) => {
      const sessions = await db.deleteFrom('user_session').where('expires_at', '<', new Date()).executeTakeFirst();
      const keys = await db.deleteFrom('idempotency_key').where('created_at', '<', sql<Date>`now() - interval '24 hours'`).executeTakeFirst();
      log.info({ sessions: Number(sessions.numDeletedRows), idempotencyKeys: Number(keys.numDeletedRows) }, 'housekeeping done');
    },
  };
}
