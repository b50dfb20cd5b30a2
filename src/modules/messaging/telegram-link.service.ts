import { authorizeRecord } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { randomToken, sha256 } from '../../platform/ids.ts';
import { findRecipient, MessagingErrors, noteResponse } from './messaging.service.ts';
import { loadSettings } from './messaging.settings.ts';
import type { TelegramUpdate } from './telegram.channel.ts';
import './messaging.tables.ts';

/** A deep link is good for a week; the person opens it in Telegram and presses Start. */
const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * A `https://t.me/<bot>?start=<token>` link for this person. Telegram passes the token (at most
 * 64 of A-Z a-z 0-9 _ -) to the bot as `/start <token>`; only its hash is stored.
 */
export async function createTelegramLink(ctx: ServiceContext, personId: string): Promise<{ url: string; expires_at: string }> {
  const workspaceId = ctx.principal.workspaceId;
  const person = await findRecipient(ctx.db, workspaceId, personId);
  if (!person) throw MessagingErrors.MESSAGE_PERSON_NOT_FOUND({ field: 'id' });
  authorizeRecord(ctx.principal, 'person', 'update', person.owner_id);
  const settings = await loadSettings(ctx.db, workspaceId);
  if (!settings.telegram.bot_username) throw MessagingErrors.TELEGRAM_NOT_CONFIGURED();
  const token = randomToken(24);
  const expiresAt = new Date(Date.now() + LINK_TTL_MS);
  // Links nobody followed in time are of no use to anyone.
  await ctx.db.deleteFrom('messaging_telegram_link').where('workspace_id', '=', workspaceId).where('expires_at', '<=', new Date()).execute();
  await ctx.db.insertInto('messaging_telegram_link').values({ workspace_id: workspaceId, token_hash: sha256(token), person_id: personId, expires_at: expiresAt }).execute();
  return { url: `https://t.me/${settings.telegram.bot_username}?start=${token}`, expires_at: expiresAt.toISOString() };
}

/**
 * One Bot API update from the webhook. `/start <token>` links the chat to the token's person
 * (a chat linked before moves to them); any other text from a linked chat counts as the person
 * answering on Telegram.
 */
export async function handleTelegramUpdate(db: Db, workspaceId: string, update: TelegramUpdate): Promise<'linked' | 'responded' | 'ignored'> {
  const message = update.message;
  if (!message?.text) return 'ignored';
  const chatId = String(message.chat.id);
  const start = /^\/start\s+([A-Za-z0-9_-]{1,64})$/.exec(message.text.trim());
  if (start) {
    return db.transaction().execute(async (tx) => {
      const link = await tx.deleteFrom('messaging_telegram_link')
        .where('workspace_id', '=', workspaceId).where('token_hash', '=', sha256(start[1]!)).where('expires_at', '>', new Date())
        .returning('person_id').executeTakeFirst();
      if (!link) return 'ignored' as const;
      await tx.deleteFrom('messaging_channel_address').where('workspace_id', '=', workspaceId).where('channel', '=', 'telegram')
        .where((eb) => eb.or([eb('person_id', '=', link.person_id), eb('address', '=', chatId)])).execute();
      await tx.insertInto('messaging_channel_address').values({ workspace_id: workspaceId, person_id: link.person_id, channel: 'telegram', address: chatId }).execute();
      return 'linked' as const;
    });
  }
  const linked = await db.selectFrom('messaging_channel_address').select('person_id')
    .where('workspace_id', '=', workspaceId).where('channel', '=', 'telegram').where('address', '=', chatId).executeTakeFirst();
  if (!linked) return 'ignored';
  await noteResponse(db, workspaceId, linked.person_id, 'telegram', new Date());
  return 'responded';
}
