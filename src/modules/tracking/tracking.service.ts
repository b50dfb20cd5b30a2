import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { ResolveRecordType } from '../../platform/records/records.service.ts';
import { identifyVisitor } from './identity.service.ts';
import {
  CART_TYPES, EVENT_PROPERTIES, eventEnvelopeSchema, SERVER_ONLY_TYPES, type AcceptedEvent, type RejectedEvent,
} from './tracking.schemas.ts';

/** How far ahead of the server's clock an event may claim to be (clients' clocks drift). */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
const EMAIL_TYPES = new Set(['email_opened', 'email_clicked']);

/**
 * Checks each event of a batch on its own: the envelope, then the type's properties. Returns the
 * good ones and, for the rest, the index and the field at fault, so a sender can fix and resend
 * only those.
 */
export function validateEvents(raw: unknown[], options: { isPublic: boolean; maxAgeDays: number; now?: Date }): { accepted: AcceptedEvent[]; rejected: RejectedEvent[] } {
  const now = options.now ?? new Date();
  const oldest = now.getTime() - options.maxAgeDays * 86_400_000;
  const accepted: AcceptedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  raw.forEach((item, index) => {
    const reject = (field: string, reason: string) => void rejected.push({ index, field: field ? `events.${index}.${field}` : `events.${index}`, reason });
    const envelope = eventEnvelopeSchema.safeParse(item);
    if (!envelope.success) {
      const issue = envelope.error.issues[0]!;
      return reject(issue.path.join('.'), issue.message);
    }
    const event = envelope.data;
    if (options.isPublic && SERVER_ONLY_TYPES.includes(event.type)) return reject('type', `${event.type} is reported by the workspace’s own systems, with an API key`);
    if (options.isPublic && event.person_id) return reject('person_id', 'A browser can’t name a person; send identify with an email or phone');
    if (!event.visitor_id && !event.person_id) return reject('visitor_id', 'An event needs a visitor_id or a person_id');
    const properties = EVENT_PROPERTIES[event.type].safeParse(event.properties);
    if (!properties.success) {
      const issue = properties.error.issues[0]!;
      return reject(['properties', ...issue.path].join('.'), issue.message);
    }
    const occurredAt = event.occurred_at ? new Date(event.occurred_at) : now;
    if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return reject('occurred_at', 'The event is in the future');
    if (occurredAt.getTime() < oldest) return reject('occurred_at', `The event is older than the ${options.maxAgeDays} days events are kept`);
    accepted.push({
      index, clientEventId: event.id, type: event.type, occurredAt, visitorId: event.visitor_id ?? null, personId: event.person_id ?? null,
      sessionId: event.session_id ?? null, url: event.url ?? null, properties: properties.data as Record<string, unknown>,
    });
  });
  return { accepted, rejected };
}

const knownPartitions = new Set<string>();

/** The monthly partitions these times fall in, created when missing (once per process and month). */
export async function ensureEventPartitions(db: Db, times: readonly Date[]): Promise<void> {
  const months = [...new Set(times.map((t) => t.toISOString().slice(0, 7)))].filter((m) => !knownPartitions.has(m));
  for (const month of months) {
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    const from = `${month}-01`;
    const to = new Date(Date.UTC(year, monthNumber, 1)).toISOString().slice(0, 10);
    const name = `tracking_event_${month.replace('-', '_')}`;
    // Under a lock: two processes creating the same partition at once would otherwise collide.
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext('tracking_event partitions'))`.execute(tx);
      await sql.raw(`create table if not exists ${name} partition of tracking_event for values from ('${from} 00:00:00+00') to ('${to} 00:00:00+00')`).execute(tx);
    });
    knownPartitions.add(month);
  }
}

/** Forgets the partitions this process knows of, e.g. after dropping old ones. */
export function forgetEventPartitions(): void {
  knownPartitions.clear();
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

/**
 * Stores a batch of events and keeps what they tell current: visitors, identities, carts and
 * engagement. One transaction per batch. Events already stored (the same sender id) are
 * counted as duplicates and change nothing, so a retried batch is harmless.
 */
export async function ingestEvents(
  ctx: ServiceContext, resolve: ResolveRecordType, raw: unknown[], options: { isPublic: boolean; maxAgeDays: number; source: 'web' | 'api' },
): Promise<IngestOutcome> {
  const validated = validateEvents(raw, options);
  const rejected = validated.rejected;
  // A person named by the sender must be one of this workspace's.
  const named = [...new Set(validated.accepted.flatMap((e) => (e.personId ? [e.personId] : [])))];
  const people = new Set(named.length === 0 ? [] : (await sql<{ id: string }>`
    select id from person where workspace_id = ${ctx.principal.workspaceId} and id = any(${named}::uuid[])`.execute(ctx.db)).rows.map((r) => r.id));
  const accepted = validated.accepted.filter((e) => {
    if (!e.personId || people.has(e.personId)) return true;
    rejected.push({ index: e.index, field: `events.${e.index}.person_id`, reason: 'No person with this id' });
    return false;
  });
  rejected.sort((a, b) => a.index - b.index);
  if (accepted.length === 0) return { accepted: 0, duplicates: 0, rejected };
  await ensureEventPartitions(ctx.db, accepted.map((e) => e.occurredAt));
  const stored = await ctx.db.transaction().execute(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const workspaceId = ctx.principal.workspaceId;
    accepted.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.index - b.index);

    // Visitors already known as people carry their person onto new events.
    const visitorIds = [...new Set(accepted.flatMap((e) => (e.visitorId ? [e.visitorId] : [])))];
    const known = new Map((await sql<{ visitor_id: string; person_id: string }>`
      select visitor_id, person_id from tracking_visitor
      where workspace_id = ${workspaceId} and visitor_id = any(${visitorIds}::text[]) and person_id is not null`.execute(tx)).rows
      .map((r) => [r.visitor_id, r.person_id]));
    for (const event of accepted) {
      if (event.type === 'identify' && event.visitorId) {
        const personId = await identifyVisitor(tx, txCtx, resolve, event.visitorId, event.properties as { email?: string; phone?: string }, event.occurredAt);
        known.set(event.visitorId, personId);
      }
      if (!event.personId && event.visitorId) event.personId = known.get(event.visitorId) ?? null;
    }

    // Claim the senders' ids first: an event whose id is already claimed was stored before, and
    // an id sent twice in one batch counts once (its first copy).
    const claimed = new Set((await sql<{ client_event_id: string }>`
      insert into tracking_event_key (workspace_id, client_event_id)
      select ${workspaceId}, k from unnest(${accepted.map((e) => e.clientEventId)}::text[]) as k
      on conflict do nothing
      returning client_event_id`.execute(tx)).rows.map((r) => r.client_event_id));
    const fresh = accepted.filter((e) => claimed.delete(e.clientEventId));
    if (fresh.length === 0) return 0;
    const rows = fresh.map((e) => ({
      occurred_at: e.occurredAt.toISOString(), client_event_id: e.clientEventId, id: newId(), type: e.type, visitor_id: e.visitorId,
      person_id: e.personId, session_id: e.sessionId, url: e.url, properties: e.properties,
    }));
    await sql`
      insert into tracking_event (workspace_id, occurred_at, client_event_id, id, type, visitor_id, person_id, session_id, url, properties, source)
      select ${workspaceId}, x.occurred_at, x.client_event_id, x.id, x.type, x.visitor_id, x.person_id, x.session_id, x.url,
        coalesce(x.properties, '{}'), ${options.source}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(occurred_at timestamptz, client_event_id text, id uuid, type text,
        visitor_id text, person_id uuid, session_id text, url text, properties jsonb)`.execute(tx);
    await updateEngagement(tx, txCtx, fresh);
    await updateCarts(tx, workspaceId, fresh);
    // One event per batch names the people whose behaviour it recorded, so what reads behaviour
    // (segments on "did X") follows at once rather than at its next scheduled pass.
    const personIds = [...new Set(fresh.flatMap((e) => (e.personId ? [e.personId] : [])))];
    if (personIds.length > 0) {
      await emitEvent(tx, txCtx, { name: 'tracking.events_recorded', payload: { person_ids: personIds, types: [...new Set(fresh.map((e) => e.type))] } });
    }
    return fresh.length;
  });
  return { accepted: stored, duplicates: accepted.length - stored, rejected };
}

/**
 * Last activity per channel for the people these events are about; a sleeping customer who comes
 * back is active again, announced as customer.engagement_changed.
 */
async function updateEngagement(tx: Tx, ctx: ServiceContext, events: AcceptedEvent[]): Promise<void> {
  const latest = new Map<string, { site: Date | null; email: Date | null }>();
  for (const e of events) {
    if (!e.personId) continue;
    const entry = latest.get(e.personId) ?? { site: null, email: null };
    const channel = EMAIL_TYPES.has(e.type) ? 'email' : 'site';
    if (!entry[channel] || entry[channel] < e.occurredAt) entry[channel] = e.occurredAt;
    latest.set(e.personId, entry);
  }
  if (latest.size === 0) return;
  const rows = [...latest].map(([person_id, at]) => ({ person_id, site: at.site?.toISOString() ?? null, email: at.email?.toISOString() ?? null }));
  const ids = rows.map((r) => r.person_id);
  const sleeping = (await sql<{ person_id: string }>`
    select person_id from customer_engagement
    where workspace_id = ${ctx.principal.workspaceId} and person_id = any(${ids}::uuid[]) and status = 'sleeping' order by person_id for update`.execute(tx)).rows;
  await sql`
    insert into customer_engagement (workspace_id, person_id, last_site_at, last_email_at, status, status_changed_at)
    select ${ctx.principal.workspaceId}, x.person_id, x.site, x.email, 'active', now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(person_id uuid, site timestamptz, email timestamptz)
    order by x.person_id
    on conflict (workspace_id, person_id) do update set
      last_site_at = greatest(customer_engagement.last_site_at, excluded.last_site_at),
      last_email_at = greatest(customer_engagement.last_email_at, excluded.last_email_at),
      status = 'active',
      status_changed_at = case when customer_engagement.status = 'active' then customer_engagement.status_changed_at else now() end`.execute(tx);
  for (const { person_id } of sleeping) {
    await emitEvent(tx, ctx, {
      name: 'customer.engagement_changed', entityType: 'person', entityId: person_id,
      payload: { changes: { engagement: { before: 'sleeping', after: 'active' } }, references: {} },
    });
  }
}

interface CartItem { name: string | null; quantity: number; price: number | null }

/** Applies cart events, oldest first, to each visitor's (or person's) open cart. */
async function updateCarts(tx: Tx, workspaceId: string, events: AcceptedEvent[]): Promise<void> {
  const cartEvents = events.filter((e) => CART_TYPES.includes(e.type));
  if (cartEvents.length === 0) return;
  const keyOf = (e: AcceptedEvent) => e.visitorId ?? `p:${e.personId}`;
  const keys = [...new Set(cartEvents.map(keyOf))].sort();
  // Batches arrive in parallel and may touch the same cart: each cart is read and written under
  // its own lock, taken in key order so two batches can't wait on each other.
  await sql`select pg_advisory_xact_lock(hashtextextended(${workspaceId}::text || ':cart:' || k, 0))
    from (select k from unnest(${keys}::text[]) as k order by k) as sorted`.execute(tx);
  const open = new Map((await sql<{ id: string; cart_key: string; items: Record<string, CartItem>; currency: string | null; checkout_started_at: Date | null; person_id: string | null }>`
    select id, cart_key, items, currency, checkout_started_at, person_id from tracking_cart
    where workspace_id = ${workspaceId} and status = 'open' and cart_key = any(${keys}::text[]) for update`.execute(tx)).rows.map((c) => [c.cart_key, c]));
  const touched = new Map<string, { id: string; items: Record<string, CartItem>; currency: string | null; checkoutAt: Date | null; personId: string | null; visitorId: string | null; updatedAt: Date }>();
  for (const e of cartEvents) {
    const key = keyOf(e);
    const stored = open.get(key);
    const cart = touched.get(key) ?? {
      id: stored?.id ?? newId(), items: { ...(stored?.items ?? {}) }, currency: stored?.currency ?? null,
      checkoutAt: stored?.checkout_started_at ?? null, personId: stored?.person_id ?? null, visitorId: e.visitorId, updatedAt: e.occurredAt,
    };
    const p = e.properties as { sku?: string; product_id?: string; name?: string; quantity?: number; price?: number; currency?: string };
    const item = p.sku ?? p.product_id;
    if (e.type === 'add_to_cart' && item) {
      const current = cart.items[item];
      cart.items[item] = { name: p.name ?? current?.name ?? null, quantity: (current?.quantity ?? 0) + (p.quantity ?? 1), price: p.price ?? current?.price ?? null };
    } else if (e.type === 'remove_from_cart' && item && cart.items[item]) {
      const left = p.quantity === undefined ? 0 : cart.items[item].quantity - p.quantity;
      if (left > 0) cart.items[item] = { ...cart.items[item], quantity: left };
      else delete cart.items[item];
    } else if (e.type === 'checkout_started') {
      cart.checkoutAt = e.occurredAt;
    }
    cart.currency = p.currency ?? cart.currency;
    cart.personId = e.personId ?? cart.personId;
    cart.updatedAt = e.occurredAt;
    touched.set(key, cart);
  }
  const rows = [...touched].map(([key, c]) => ({
    id: c.id, cart_key: key, visitor_id: c.visitorId, person_id: c.personId, items: c.items, currency: c.currency,
    checkout_started_at: c.checkoutAt?.toISOString() ?? null, updated_at: c.updatedAt.toISOString(),
    value: Object.values(c.items).reduce((sum, i) => sum + Math.round((i.price ?? 0) * i.quantity * 100), 0) / 100,
  }));
  await sql`
    insert into tracking_cart (workspace_id, id, cart_key, visitor_id, person_id, status, items, value, currency, checkout_started_at, updated_at)
    select ${workspaceId}, x.id, x.cart_key, x.visitor_id, x.person_id, 'open', x.items, x.value, x.currency, x.checkout_started_at, x.updated_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, cart_key text, visitor_id text, person_id uuid, items jsonb,
      value numeric, currency char(3), checkout_started_at timestamptz, updated_at timestamptz)
    on conflict (workspace_id, id) do update set items = excluded.items, value = excluded.value, currency = excluded.currency,
      person_id = coalesce(excluded.person_id, tracking_cart.person_id), checkout_started_at = excluded.checkout_started_at,
      updated_at = greatest(tracking_cart.updated_at, excluded.updated_at)`.execute(tx);
}
