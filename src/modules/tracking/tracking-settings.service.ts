import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../platform/audit/audit.service.ts';
import { authorize, authorizeRecord } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';

export const TrackingErrors = defineErrors({
  WRITE_KEY_UNKNOWN: { status: 404, title: 'No workspace has this write key' },
  ORIGIN_NOT_ALLOWED: { status: 403, title: 'This site may not send events to the workspace' },
  BATCH_NOT_JSON: { status: 400, title: 'The batch is not JSON' },
});

const newWriteKey = () => `wk_${randomBytes(18).toString('base64url')}`;

interface SettingsRow { workspace_id: string; write_key: string; allowed_origins: string[]; cart_abandon_minutes: number; sleeping_after_days: number }

/** The workspace's tracking settings, created with a fresh write key the first time they are asked for. */
async function loadSettings(db: Db, workspaceId: string): Promise<SettingsRow> {
  await sql`insert into tracking_settings (workspace_id, write_key) values (${workspaceId}, ${newWriteKey()}) on conflict (workspace_id) do nothing`.execute(db);
  return (await sql<SettingsRow>`select workspace_id, write_key, allowed_origins, cart_abandon_minutes, sleeping_after_days
    from tracking_settings where workspace_id = ${workspaceId}`.execute(db)).rows[0]!;
}

function present(row: SettingsRow, publicUrl = '') {
  return {
    write_key: row.write_key, allowed_origins: row.allowed_origins, cart_abandon_minutes: row.cart_abandon_minutes, sleeping_after_days: row.sleeping_after_days,
    snippet_url: `${publicUrl}/t/rapport-track.js`, events_url: `${publicUrl}/t/${row.write_key}/events`,
  };
}

// Settings are workspace configuration: the settings object `workspace`, which admins hold.
export async function getTrackingSettings(ctx: ServiceContext) {
  authorize(ctx.principal, 'workspace', 'read');
  return present(await loadSettings(ctx.db, ctx.principal.workspaceId));
}

export const updateTrackingSettingsSchema = z.strictObject({
  allowed_origins: z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).max(50)
    .describe('Sites whose pages may send events, e.g. https://shop.example; none listed means any'),
  cart_abandon_minutes: z.number().int().min(5).max(10_080).describe('How long an untouched cart waits before it is abandoned'),
  sleeping_after_days: z.number().int().min(7).max(3650).describe('Days without site or email activity after which a customer is sleeping'),
}).partial();

export async function updateTrackingSettings(ctx: ServiceContext, input: z.infer<typeof updateTrackingSettingsSchema>) {
  authorize(ctx.principal, 'workspace', 'update');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await loadSettings(tx, ctx.principal.workspaceId);
    const after = { ...before, ...input };
    await sql`update tracking_settings set allowed_origins = ${after.allowed_origins}::text[], cart_abandon_minutes = ${after.cart_abandon_minutes},
      sleeping_after_days = ${after.sleeping_after_days}, updated_at = now() where workspace_id = ${ctx.principal.workspaceId}`.execute(tx);
    const changes = Object.fromEntries(Object.keys(input).map((k) => [k, { before: before[k as keyof SettingsRow], after: after[k as keyof SettingsRow] }]));
    await writeAudit(tx, { ...ctx, db: tx }, { entityType: 'tracking_settings', entityId: null, action: 'update', changes });
    writeKeyCache.clear();
    return present(after);
  });
}

export async function rotateWriteKey(ctx: ServiceContext) {
  authorize(ctx.principal, 'workspace', 'update');
  return ctx.db.transaction().execute(async (tx) => {
    await loadSettings(tx, ctx.principal.workspaceId);
    await sql`update tracking_settings set write_key = ${newWriteKey()}, updated_at = now() where workspace_id = ${ctx.principal.workspaceId}`.execute(tx);
    await writeAudit(tx, { ...ctx, db: tx }, { entityType: 'tracking_settings', entityId: null, action: 'rotate_write_key', changes: {} });
    writeKeyCache.clear();
    return present(await loadSettings(tx, ctx.principal.workspaceId));
  });
}

// Every snippet request names its write key: a short cache spares a lookup per batch, and a
// rotation or settings change in this process clears it at once (others within 30 s).
const writeKeyCache = new Map<string, { site: { workspace_id: string; allowed_origins: string[] } | null; until: number }>();

export async function workspaceForWriteKey(db: Db, writeKey: string): Promise<{ workspace_id: string; allowed_origins: string[] } | null> {
  const cached = writeKeyCache.get(writeKey);
  if (cached && cached.until > Date.now()) return cached.site;
  const site = /^wk_[A-Za-z0-9_-]{10,64}$/.test(writeKey)
    ? (await sql<{ workspace_id: string; allowed_origins: string[] }>`select workspace_id, allowed_origins from tracking_settings where write_key = ${writeKey}`.execute(db)).rows[0] ?? null
    : null;
  if (writeKeyCache.size > 10_000) writeKeyCache.clear();
  writeKeyCache.set(writeKey, { site, until: Date.now() + 30_000 });
  return site;
}

async function authorizePerson(ctx: ServiceContext, personId: string) {
  const person = (await sql<{ owner_id: string | null }>`select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
}

/** A person's events, newest first, a page at a time (keyset on time, then id). */
export async function listPersonEvents(ctx: ServiceContext, personId: string, page: { limit: number; cursor?: string }) {
  await authorizePerson(ctx, personId);
  let after: { at: string; id: string } | null = null;
  if (page.cursor) {
    try {
      after = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as { at: string; id: string };
      if (Number.isNaN(Date.parse(after.at)) || !/^[0-9a-f-]{36}$/.test(after.id)) throw new Error('bad cursor');
    } catch {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'cursor', detail: 'Not a cursor this list gave out' });
    }
  }
  const rows = (await sql<{ id: string; type: string; occurred_at: Date; url: string | null; visitor_id: string | null; properties: Record<string, unknown>; source: string }>`
    select id, type, occurred_at, url, visitor_id, properties, source from tracking_event
    where workspace_id = ${ctx.principal.workspaceId} and person_id = ${personId}
      ${after ? sql`and (occurred_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
    order by occurred_at desc, id desc limit ${page.limit + 1}`.execute(ctx.db)).rows;
  const data = rows.slice(0, page.limit).map((r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString() }));
  const last = data.at(-1);
  return { data, next_cursor: rows.length > page.limit && last ? Buffer.from(JSON.stringify({ at: last.occurred_at, id: last.id })).toString('base64url') : null };
}

export async function getPersonActivity(ctx: ServiceContext, personId: string) {
  await authorizePerson(ctx, personId);
  const workspaceId = ctx.principal.workspaceId;
  const engagement = (await sql<{ status: string; last_site_at: Date | null; last_email_at: Date | null; status_changed_at: Date }>`
    select status, last_site_at, last_email_at, status_changed_at from customer_engagement where workspace_id = ${workspaceId} and person_id = ${personId}`.execute(ctx.db)).rows[0];
  const cart = (await sql<{ id: string; items: Record<string, unknown>; value: string; currency: string | null; updated_at: Date; checkout_started_at: Date | null }>`
    select id, items, value::text as value, currency, updated_at, checkout_started_at from tracking_cart
    where workspace_id = ${workspaceId} and person_id = ${personId} and status = 'open' order by updated_at desc limit 1`.execute(ctx.db)).rows[0];
  const visitors = (await sql<{ n: number }>`select count(*)::int as n from tracking_visitor where workspace_id = ${workspaceId} and person_id = ${personId}`.execute(ctx.db)).rows[0]!.n;
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    engagement: engagement ? { status: engagement.status, last_site_at: iso(engagement.last_site_at), last_email_at: iso(engagement.last_email_at), status_changed_at: iso(engagement.status_changed_at)! } : null,
    open_cart: cart ? { id: cart.id, items: cart.items, value: cart.value, currency: cart.currency, updated_at: iso(cart.updated_at)!, checkout_started_at: iso(cart.checkout_started_at) } : null,
    visitors,
  };
}
