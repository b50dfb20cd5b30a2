import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { eventRow } from '../../platform/events/events.ts';
import { ensureEventPartitions, forgetEventPartitions } from './tracking.service.ts';

/**
 * How long events are kept: whole monthly partitions older than this are dropped. Two years keeps
 * a year-on-year comparison possible.
 */
export const EVENT_RETENTION_DAYS = 730;
const DEFAULT_CART_ABANDON_MINUTES = 60;
const DEFAULT_SLEEPING_AFTER_DAYS = 90;

/**
 * Open carts nobody has touched for the workspace's wait (60 minutes unless set) become
 * abandoned, each announced as cart.abandoned for the marketing triggers. Empty carts just close.
 */
export async function sweepAbandonedCarts(db: Db, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const abandoned = await sql<{ workspace_id: string; id: string; person_id: string | null; visitor_id: string | null; value: string; currency: string | null; items: unknown }>`
      update tracking_cart c set status = 'abandoned', abandoned_at = ${now}
      from (select c2.workspace_id, c2.id from tracking_cart c2 left join tracking_settings s on s.workspace_id = c2.workspace_id
            where c2.status = 'open'
              and c2.updated_at < ${now}::timestamptz - make_interval(mins => coalesce(s.cart_abandon_minutes, ${DEFAULT_CART_ABANDON_MINUTES}))
            for update of c2 skip locked) due
      where c.workspace_id = due.workspace_id and c.id = due.id
      returning c.workspace_id, c.id, c.person_id, c.visitor_id, c.value::text as value, c.currency, c.items`.execute(tx);
    const events = abandoned.rows.filter((c) => c.items && Object.keys(c.items).length > 0).map((c) => eventRow({ db: tx, principal: systemPrincipal(c.workspace_id) }, {
      name: 'cart.abandoned', entityType: 'person', entityId: c.person_id ?? undefined,
      payload: { changes: {}, references: {}, cart_id: c.id, visitor_id: c.visitor_id, value: c.value, currency: c.currency, items: c.items },
    }));
    if (events.length > 0) await tx.insertInto('domain_event').values(events).execute();
    return events.length;
  });
}

/** A purchase closes the buyer's open carts. Imported history leaves today's carts alone. */
export async function convertCarts(db: Db, workspaceId: string, personId: string, at = new Date()): Promise<number> {
  const result = await sql`update tracking_cart set status = 'converted', converted_at = ${at}
    where workspace_id = ${workspaceId} and person_id = ${personId} and status = 'open'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Active customers with no site or email activity for the workspace's period (90 days unless set)
 * are sleeping, announced as customer.engagement_changed; activity wakes them (see ingestEvents).
 */
export async function markSleepingCustomers(db: Db, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const asleep = await sql<{ workspace_id: string; person_id: string }>`
      update customer_engagement e set status = 'sleeping', status_changed_at = ${now}
      from (select e2.workspace_id, e2.person_id from customer_engagement e2 left join tracking_settings s on s.workspace_id = e2.workspace_id
            where e2.status = 'active'
              and greatest(e2.last_site_at, e2.last_email_at) < ${now}::timestamptz - make_interval(days => coalesce(s.sleeping_after_days, ${DEFAULT_SLEEPING_AFTER_DAYS}))
            for update of e2 skip locked) due
      where e.workspace_id = due.workspace_id and e.person_id = due.person_id
      returning e.workspace_id, e.person_id`.execute(tx);
    const events = asleep.rows.map((r) => eventRow({ db: tx, principal: systemPrincipal(r.workspace_id) }, {
      name: 'customer.engagement_changed', entityType: 'person', entityId: r.person_id,
      payload: { changes: { engagement: { before: 'active', after: 'sleeping' } }, references: {} },
    }));
    if (events.length > 0) await tx.insertInto('domain_event').values(events).execute();
    return events.length;
  });
}

/** Forgets senders' event ids older than a week: retries come sooner than that. */
export async function purgeEventKeys(db: Db, now = new Date()): Promise<number> {
  const result = await sql`delete from tracking_event_key where received_at < ${now}::timestamptz - interval '7 days'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Next month's partition before its first event, and months past retention dropped whole. */
export async function maintainEventPartitions(db: Db, now = new Date()): Promise<string[]> {
  await ensureEventPartitions(db, [now, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))]);
  const cutoff = new Date(now.getTime() - EVENT_RETENTION_DAYS * 86_400_000);
  const partitions = await sql<{ name: string; upper: string }>`
    select c.relname as name, substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)') as upper
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'tracking_event'`.execute(db);
  const dropped = partitions.rows.filter((p) => p.upper && new Date(p.upper) <= cutoff).map((p) => p.name);
  for (const name of dropped) await sql.raw(`drop table if exists ${name}`).execute(db);
  if (dropped.length > 0) forgetEventPartitions();
  return dropped;
}
