import { sql } from 'kysely';
import { authorize, authorizeConfiguration, systemPrincipal } from '../../platform/auth/permissions.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { recordChange } from '../../platform/changes.ts';
import type { Config } from '../../platform/config.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { newId, sha256 } from '../../platform/ids.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { orderRecordType } from '../commerce/index.ts';
import { markClicked, markOpened, type EmailTransform } from '../messaging/index.ts';
import type { EngagementSettings } from './engagement.schemas.ts';
import {
  instrumentEmailHtml, instrumentEmailText, signTrackingToken, trackableLinks, verifyTrackingToken, type LinkRewrite,
} from './tracking-links.ts';
import './engagement.tables.ts';

export const EngagementErrors = defineErrors({
  ENGAGEMENT_LINK_INVALID: { status: 400, title: 'The tracking link is damaged or not ours' },
  ENGAGEMENT_LINK_NOT_FOUND: { status: 404, title: 'The message or link this tracking link names no longer exists' },
});

export const DEFAULT_SETTINGS: EngagementSettings = { tracking_enabled: true, attribution_window_days: 7 };
/** An unsubscribe from an email link is put down to the person's latest marketing email sent within this many days. */
export const UNSUBSCRIBE_LOOKBACK_DAYS = 7;

export async function loadEngagementSettings(db: Db, workspaceId: string): Promise<EngagementSettings> {
  const row = await db.selectFrom('engagement_settings').select(['tracking_enabled', 'attribution_window_days'])
    .where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

export async function getEngagementSettings(ctx: ServiceContext): Promise<EngagementSettings> {
  authorize(ctx.principal, 'message', 'read');
  return loadEngagementSettings(ctx.db, ctx.principal.workspaceId);
}

/** Administrators change tracking and the attribution window; the change is audited field by field. */
export async function updateEngagementSettings(ctx: ServiceContext, input: EngagementSettings): Promise<EngagementSettings> {
  authorizeConfiguration(ctx.principal, 'workspace', 'tracking');
  const workspaceId = ctx.principal.workspaceId;
  return inTransaction(ctx, async (tx, txCtx) => {
    const exists = await tx.selectFrom('engagement_settings').select('workspace_id').where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirst();
    const before = await loadEngagementSettings(tx, workspaceId);
    if (exists) await tx.updateTable('engagement_settings').set({ ...input, updated_at: new Date() }).where('workspace_id', '=', workspaceId).execute();
    else await tx.insertInto('engagement_settings').values({ workspace_id: workspaceId, ...input }).execute();
    const changes = diffFields({ ...before }, { ...input }, ['tracking_enabled', 'attribution_window_days']);
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, txCtx, { entityType: 'engagement_settings', entityId: null, action: 'update', changes, event: 'engagement.settings_updated' });
    }
    return input;
  });
}

const baseUrlOf = (config: Config) => config.publicUrl.replace(/\/$/, '');

/**
 * Messaging's email transform: when tracking is on, marketing and service email get click
 * redirects for their links and an open pixel (transactional mail is left alone). The links are
 * stored by position, so a retried send produces the same redirects.
 */
export const trackEmail: EmailTransform = async (ctx, body) => {
  if (ctx.purpose === 'transactional') return body;
  const { db, config, workspaceId, messageId } = ctx;
  if (!(await loadEngagementSettings(db, workspaceId)).tracking_enabled) return body;
  const baseUrl = baseUrlOf(config);
  const urls = trackableLinks(body, baseUrl);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('message_link').where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).execute();
    if (urls.length > 0) {
      await tx.insertInto('message_link').values(urls.map((url, position) => ({ workspace_id: workspaceId, message_id: messageId, position, url }))).execute();
    }
  });
  const tokens = await Promise.all(urls.map((_url, position) => signTrackingToken(db, config, { kind: 'click', workspaceId, messageId, position })));
  const clickUrls = new Map(urls.map((url, position) => [url, `${baseUrl}/t/c/${tokens[position]}`]));
  const pixelToken = await signTrackingToken(db, config, { kind: 'open', workspaceId, messageId });
  const rewrite: LinkRewrite = { baseUrl, clickUrlOf: (url) => clickUrls.get(url), pixelUrl: `${baseUrl}/t/o/${pixelToken}.gif` };
  return {
    html: body.html ? instrumentEmailHtml(body.html, rewrite) : null,
    text: instrumentEmailText(body.text, { ...rewrite, pixelUrl: null }),
  };
};

/** The open pixel was loaded: the message is opened (once). Tokens that are not ours change nothing. */
export async function recordOpen(db: Db, config: Config, token: string): Promise<boolean> {
  const payload = await verifyTrackingToken(db, config, token, 'open');
  return payload ? markOpened(db, payload.workspaceId, payload.messageId) : false;
}

/**
 * A click redirect was followed: the click is recorded, the message becomes clicked (which counts
 * as the person answering on its channel), and the original URL is returned for the redirect.
 * A tampered token is refused, so the redirect can't be pointed anywhere else.
 */
export async function recordClick(db: Db, config: Config, token: string, userAgent: string | undefined): Promise<string> {
  const payload = await verifyTrackingToken(db, config, token, 'click');
  if (!payload) throw EngagementErrors.ENGAGEMENT_LINK_INVALID({ field: 'token' });
  const { workspaceId, messageId, position } = payload;
  const link = await db.selectFrom('message_link').select('url')
    .where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).where('position', '=', position).executeTakeFirst();
  if (!link) throw EngagementErrors.ENGAGEMENT_LINK_NOT_FOUND({ field: 'token' });
  await db.insertInto('message_click').values({
    workspace_id: workspaceId, id: newId(), message_id: messageId, position, url: link.url, user_agent_hash: userAgent ? sha256(userAgent) : null,
  }).execute();
  await markClicked(db, workspaceId, messageId);
  return link.url;
}

/**
 * The consent module's one-click unsubscribe and preference page withdraw through a link that
 * names the person, not the message: an email-marketing withdrawal from a link is put down to
 * the person's latest marketing email sent within UNSUBSCRIBE_LOOKBACK_DAYS before it.
 */
export async function attributeUnsubscribe(db: Db, workspaceId: string, personId: string, consentEntryId: string, at: Date): Promise<string | null> {
  const message = await db.selectFrom('message').select('id')
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).where('purpose', '=', 'marketing').where('channel', '=', 'email')
    .where('sent_at', '<=', at).where('sent_at', '>=', new Date(at.getTime() - UNSUBSCRIBE_LOOKBACK_DAYS * 86_400_000))
    .orderBy('sent_at', 'desc').limit(1).executeTakeFirst();
  if (!message) return null;
  await sql`
    insert into message_unsubscribe (workspace_id, consent_entry_id, message_id, unsubscribed_at)
    select ${workspaceId}, ${consentEntryId}, ${message.id}, ${at}
    where not exists (select 1 from message_unsubscribe where workspace_id = ${workspaceId} and consent_entry_id = ${consentEntryId})`.execute(db);
  return message.id;
}

interface Touch {
  message_id: string;
  kind: 'click' | 'send';
  touched_at: Date;
}

/** Last touch: the latest click within the window before the order, else the latest message sent (and not bounced or failed). */
async function lastTouch(db: Db, workspaceId: string, personId: string, orderedAt: Date, windowDays: number): Promise<Touch | null> {
  const since = new Date(orderedAt.getTime() - windowDays * 86_400_000);
  const click = await sql<Touch>`
    select c.message_id, 'click' as kind, c.clicked_at as touched_at
    from message_click c join message m on m.workspace_id = c.workspace_id and m.id = c.message_id
    where c.workspace_id = ${workspaceId} and m.person_id = ${personId} and c.clicked_at between ${since} and ${orderedAt}
    order by c.clicked_at desc limit 1`.execute(db);
  if (click.rows[0]) return click.rows[0];
  const sent = await sql<Touch>`
    select id as message_id, 'send' as kind, sent_at as touched_at from message
    where workspace_id = ${workspaceId} and person_id = ${personId} and purpose <> 'transactional'
      and sent_at between ${since} and ${orderedAt} and status not in ('bounced', 'failed')
    order by sent_at desc limit 1`.execute(db);
  return sent.rows[0] ?? null;
}

async function readOrder(db: Db, workspaceId: string, orderId: string) {
  try {
    return await getRecord({ db, principal: systemPrincipal(workspaceId) }, orderRecordType, orderId);
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Puts an order down to the message that led to it, at most one per order. Run again on every
 * change of the order: the first attribution stands and its revenue (total net of returns)
 * follows the order; a cancelled or deleted order loses its attribution.
 */
export async function attributeOrder(db: Db, workspaceId: string, orderId: string): Promise<{ message_id: string; kind: 'click' | 'send'; revenue: string } | null> {
  const order = await readOrder(db, workspaceId, orderId);
  const forget = () => db.deleteFrom('message_conversion').where('workspace_id', '=', workspaceId).where('order_id', '=', orderId).execute();
  if (!order || order.status === 'cancelled' || typeof order.person_id !== 'string') {
    await forget();
    return null;
  }
  const revenue = (Number(order.total) - Number(order.returned_total)).toFixed(2);
  const currency = String(order.currency);
  const existing = await db.selectFrom('message_conversion').select(['message_id', 'kind']).where('workspace_id', '=', workspaceId).where('order_id', '=', orderId).executeTakeFirst();
  if (existing) {
    await db.updateTable('message_conversion').set({ revenue, currency }).where('workspace_id', '=', workspaceId).where('order_id', '=', orderId).execute();
    return { ...existing, revenue };
  }
  const orderedAt = new Date(order.placed_at as string | Date);
  const { attribution_window_days: windowDays } = await loadEngagementSettings(db, workspaceId);
  const touch = await lastTouch(db, workspaceId, order.person_id, orderedAt, windowDays);
  if (!touch) return null;
  const ctx = { db, principal: systemPrincipal(workspaceId) };
  try {
    await inTransaction(ctx, async (tx, txCtx) => {
      const inserted = await sql`
        insert into message_conversion (workspace_id, order_id, message_id, kind, revenue, currency, ordered_at, touched_at)
        select ${workspaceId}, ${orderId}, ${touch.message_id}, ${touch.kind}, ${revenue}, ${currency}, ${orderedAt}, ${touch.touched_at}
        where not exists (select 1 from message_conversion where workspace_id = ${workspaceId} and order_id = ${orderId})`.execute(tx);
      if (Number(inserted.numAffectedRows ?? 0) === 0) return;
      await emitEvent(tx, txCtx, {
        name: 'message.converted', entityType: 'message', entityId: touch.message_id,
        payload: { order_id: orderId, person_id: order.person_id, kind: touch.kind, revenue, currency },
      });
    });
  } catch (error) {
    // Another change of the same order attributed it first; that attribution stands.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  return { message_id: touch.message_id, kind: touch.kind, revenue };
}
