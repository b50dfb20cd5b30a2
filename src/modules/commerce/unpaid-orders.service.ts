import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { eventRow } from '../../platform/events/events.ts';
import './commerce.tables.ts';

/** How long a created order may wait for payment before it counts as unfinished (S4:315). */
export const UNPAID_AFTER_MINUTES = 120;

/**
 * Orders still unpaid two hours after they were placed are announced once each as
 * order.unpaid_timeout, naming the customer, for reminder triggers. Imported history is old
 * by nature and is never announced: only orders placed in the last day are looked at.
 */
export async function sweepUnpaidOrders(db: Db, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = await sql<{ workspace_id: string; id: string; number: string; person_id: string | null; owner_id: string | null; total: string; currency: string }>`
      update sales_order o set unpaid_announced_at = ${now}
      from (select workspace_id, id from sales_order
            where status = 'created' and unpaid_announced_at is null
              and placed_at < ${now}::timestamptz - make_interval(mins => ${UNPAID_AFTER_MINUTES})
              and placed_at > ${now}::timestamptz - interval '1 day'
            for update skip locked) d
      where o.workspace_id = d.workspace_id and o.id = d.id
      returning o.workspace_id, o.id, o.number, o.person_id, o.owner_id, o.total::text as total, o.currency`.execute(tx);
    const events = due.rows.map((o) => eventRow({ db: tx, principal: systemPrincipal(o.workspace_id) }, {
      name: 'order.unpaid_timeout', entityType: 'order', entityId: o.id,
      payload: {
        changes: {}, owner_id: o.owner_id, title: o.number, total: o.total, currency: o.currency,
        references: o.person_id ? { person_id: { type: 'person', id: o.person_id } } : {},
      },
    }));
    if (events.length > 0) await tx.insertInto('domain_event').values(events).execute();
    return events.length;
  });
}
