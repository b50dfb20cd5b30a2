import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { mayContact, unsubscribeHeaders, type Channel, type Purpose } from '../consent/index.ts';
import { isPermanentSmtpError } from './email.channel.ts';
import { applyEmailTransforms } from './email-transforms.ts';
import type { MessageChannel, MessagePurpose, SkipReason } from './messaging.schemas.ts';
import { messagingRuntime } from './messaging.runtime.ts';
import { DELIVER_JOB, findRecipient, isSuppressed, moveMessage, type Recipient } from './messaging.service.ts';
import { loadSettings, type MessagingSettings } from './messaging.settings.ts';
import { HttpSmsProvider } from './sms.channel.ts';
import { TelegramBot } from './telegram.channel.ts';
import './messaging.tables.ts';

/** Attempts before a message that keeps failing for passing reasons counts as failed. */
export const MAX_ATTEMPTS = 5;

const CONSENT_CHANNEL: Record<MessageChannel, Channel> = { email: 'email', sms: 'sms', telegram: 'messenger' };
// Transactional mail (receipts, password resets) is a service message to the consent ledger.
const CONSENT_PURPOSE: Record<MessagePurpose, Purpose> = { marketing: 'marketing', service: 'service', transactional: 'service' };

export function addressOf(recipient: Recipient, channel: MessageChannel): string | null {
  if (channel === 'email') return recipient.email;
  if (channel === 'sms') return recipient.phone;
  return recipient.telegram_chat_id;
}

/**
 * For 'auto': the channel the person last answered on, else the one they prefer, else the
 * workspace's fallback order; the first of these the person has an address on.
 */
export function chooseChannel(recipient: Recipient, settings: MessagingSettings): MessageChannel | null {
  const order = [recipient.responded_channel, recipient.preferred_channel, ...settings.fallback_order].filter((c): c is MessageChannel => !!c);
  return order.find((channel) => addressOf(recipient, channel) !== null) ?? null;
}

function isChannelConfigured(channel: MessageChannel, settings: MessagingSettings, config: Config): boolean {
  if (channel === 'email') return !!config.smtpHost;
  if (channel === 'sms') return !!settings.sms.provider_url;
  return !!settings.secrets.telegramBotToken;
}

/**
 * When quiet hours hold now in this time zone, the moment they end; otherwise null. PostgreSQL
 * does the time-zone arithmetic (daylight saving included); an interval may span midnight.
 */
export async function quietHoursEnd(db: Db, quiet: { start: string; end: string }, timeZone: string, now: Date): Promise<Date | null> {
  const result = await sql<{ ends_at: Date | null }>`
    with l as (select (${now}::timestamptz at time zone ${timeZone}) as local, ${quiet.start}::time as s, ${quiet.end}::time as e)
    select case
      when (s < e and local::time >= s and local::time < e) or (s > e and (local::time >= s or local::time < e))
      then (date_trunc('day', local) + e + case when e <= local::time then interval '1 day' else interval '0' end) at time zone ${timeZone}
    end as ends_at
    from l`.execute(db);
  const endsAt = result.rows[0]?.ends_at;
  return endsAt ? new Date(endsAt) : null;
}

type Decision =
  | { kind: 'skip'; reason: SkipReason; channel: MessageChannel | null; address: string | null }
  | { kind: 'defer'; until: Date }
  | { kind: 'send'; channel: MessageChannel; address: string };

interface DeliverDeps {
  db: Db;
  config: Config;
  log: Logger;
  now?: Date;
}

/** The sending rules, in one place, as they hold at send time. */
async function decide(deps: DeliverDeps, message: { workspace_id: string; channel: string | null; purpose: string }, recipient: Recipient | null, settings: MessagingSettings): Promise<Decision> {
  const { db, config } = deps;
  if (!recipient) return { kind: 'skip', reason: 'no_address', channel: message.channel as MessageChannel | null, address: null };
  const channel = (message.channel as MessageChannel | null) ?? chooseChannel(recipient, settings);
  const address = channel ? addressOf(recipient, channel) : null;
  if (!channel || !address) return { kind: 'skip', reason: 'no_address', channel, address: null };
  if (!isChannelConfigured(channel, settings, config)) return { kind: 'skip', reason: 'channel_not_configured', channel, address };
  if (await isSuppressed(db, message.workspace_id, channel, address)) return { kind: 'skip', reason: 'suppressed', channel, address };
  const purpose = message.purpose as MessagePurpose;
  const consent = await mayContact({ db, workspaceId: message.workspace_id, personId: recipient.id, channel: CONSENT_CHANNEL[channel], purpose: CONSENT_PURPOSE[purpose] });
  if (!consent.allowed) return { kind: 'skip', reason: consent.reason as SkipReason, channel, address };
  if (purpose === 'marketing' && settings.quiet_hours) {
    const timeZone = recipient.time_zone ?? (await db.selectFrom('workspace').select('time_zone').where('id', '=', message.workspace_id).executeTakeFirstOrThrow()).time_zone;
    const until = await quietHoursEnd(db, settings.quiet_hours, timeZone, deps.now ?? new Date());
    if (until) return { kind: 'defer', until };
  }
  return { kind: 'send', channel, address };
}

/**
 * Takes the message for sending: under a per-person lock, counts the person's marketing
 * messages in the cap's window (sent, or being sent), and marks this one 'sending' with an
 * attempt. Answers false when the cap is reached.
 */
async function claimForSending(db: Db, messageId: string, workspaceId: string, personId: string, purpose: string, decision: Extract<Decision, { kind: 'send' }>, settings: MessagingSettings): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${workspaceId}::text || ${personId}::text, 7263301))`.execute(tx);
    const cap = settings.frequency_cap;
    if (purpose === 'marketing' && cap) {
      const counted = await sql<{ n: number }>`
        select count(*)::int as n from message
        where workspace_id = ${workspaceId} and person_id = ${personId} and purpose = 'marketing' and id <> ${messageId}
          and (sent_at >= now() - make_interval(days => ${cap.period_days}) or status = 'sending')`.execute(tx);
      if (counted.rows[0]!.n >= cap.max_messages) return false;
    }
    await tx.updateTable('message')
      .set((eb) => ({ status: 'sending', sending_at: new Date(), attempts: eb('attempts', '+', 1), channel: decision.channel, address: decision.address }))
      .where('workspace_id', '=', workspaceId).where('id', '=', messageId).where('status', 'in', ['queued', 'sending'])
      .execute();
    return true;
  });
}

/** A stable Message-ID per message: a retry after a crash sends the same mail, which receivers can drop. */
export const emailMessageId = (config: Config, messageId: string) => `<${messageId}@${new URL(config.publicUrl).hostname}>`;

async function sendOnChannel(deps: DeliverDeps, message: { id: string; workspace_id: string; person_id: string; purpose: string; subject: string | null; html: string | null; body_text: string }, decision: Extract<Decision, { kind: 'send' }>, settings: MessagingSettings): Promise<string> {
  const { db, config } = deps;
  if (decision.channel === 'email') {
    const headers: Record<string, string> = { 'X-Rapport-Message-Id': message.id };
    if (message.purpose === 'marketing') {
      const unsubscribe = await unsubscribeHeaders({ db, config, workspaceId: message.workspace_id, personId: message.person_id });
      const mailto = settings.email.unsubscribe_mailto ? `, <mailto:${settings.email.unsubscribe_mailto}?subject=unsubscribe>` : '';
      Object.assign(headers, unsubscribe, { 'List-Unsubscribe': `${unsubscribe['List-Unsubscribe']}${mailto}` });
    }
    const body = await applyEmailTransforms(
      { db, config, workspaceId: message.workspace_id, messageId: message.id, purpose: message.purpose as MessagePurpose },
      { html: message.html, text: message.body_text },
    );
    return messagingRuntime(config).email.send(message.workspace_id, settings, {
      to: decision.address, subject: message.subject ?? '', text: body.text, ...(body.html ? { html: body.html } : {}),
      messageId: emailMessageId(config, message.id), headers,
    });
  }
  // SMS and Telegram wait here for their per-workspace rate, as email waits in its SMTP pool.
  const { sendRates } = messagingRuntime(config);
  if (decision.channel === 'sms') {
    const provider = new HttpSmsProvider({ url: settings.sms.provider_url!, token: settings.secrets.smsToken, sender: settings.sms.sender });
    return sendRates.run(message.workspace_id, 'sms', settings.sms.rate_per_second, () => provider.send(decision.address, message.body_text, message.id));
  }
  const bot = new TelegramBot({ baseUrl: settings.telegram.api_base_url, token: settings.secrets.telegramBotToken! });
  return sendRates.run(message.workspace_id, 'telegram', settings.telegram.rate_per_second, () => bot.sendMessage(decision.address, message.body_text));
}

const isPermanent = (error: unknown) => isPermanentSmtpError(error) || (error as { isPermanent?: boolean }).isPermanent === true;

/**
 * Delivers one queued message, applying the rules at send time. Safe to run again: a message
 * that is no longer queued or sending is left alone, so a redelivered job sends nothing. A crash
 * after handing the message over and before marking it sent leaves it 'sending'; the retry sends
 * it again with the same Message-ID (email) or provider ref (SMS), so the receiver can drop it.
 */
export async function deliverMessage(deps: DeliverDeps, workspaceId: string, messageId: string): Promise<void> {
  const { db, config, log } = deps;
  const message = await db.selectFrom('message').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', messageId).executeTakeFirst();
  if (!message || (message.status !== 'queued' && message.status !== 'sending')) return;
  // The provider took it and its id was recorded before the process died: finish the record, send nothing.
  if (message.status === 'sending' && message.provider_message_id) {
    await moveMessage(db, workspaceId, messageId, 'sent', { from: ['sending'], set: { error: null } });
    return;
  }
  const now = deps.now ?? new Date();
  if (message.scheduled_for && new Date(message.scheduled_for).getTime() > now.getTime() + 1000) return;
  const settings = await loadSettings(db, workspaceId);
  const recipient = await findRecipient(db, workspaceId, message.person_id);
  const decision = await decide(deps, message, recipient, settings);
  if (decision.kind === 'skip') {
    await moveMessage(db, workspaceId, messageId, 'skipped', { from: ['queued', 'sending'], set: { skip_reason: decision.reason, channel: decision.channel, address: decision.address } });
    return;
  }
  if (decision.kind === 'defer') {
    const jobs = messagingRuntime(config).jobs;
    if (!jobs) throw new Error('messaging: no job queue to defer the message on');
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('message').set({ scheduled_for: decision.until }).where('workspace_id', '=', workspaceId).where('id', '=', messageId).execute();
      await tx.insertInto('message_status_event').values({ workspace_id: workspaceId, id: newId(), message_id: messageId, status: 'deferred', detail: `quiet hours until ${decision.until.toISOString()}` }).execute();
      await jobs.enqueue(DELIVER_JOB, { workspace_id: workspaceId, message_id: messageId }, { idempotencyKey: `${messageId}:${decision.until.toISOString()}`, startAfter: decision.until, tx });
    });
    return;
  }
  if (!(await claimForSending(db, messageId, workspaceId, message.person_id, message.purpose, decision, settings))) {
    await moveMessage(db, workspaceId, messageId, 'skipped', { from: ['queued', 'sending'], set: { skip_reason: 'frequency_cap', channel: decision.channel, address: decision.address } });
    return;
  }
  let providerId: string;
  try {
    providerId = await sendOnChannel(deps, message, decision, settings);
  } catch (error) {
    const reason = (error as Error).message.slice(0, 1000);
    const attempts = message.attempts + 1;
    if (isPermanent(error) || attempts >= MAX_ATTEMPTS) {
      await moveMessage(db, workspaceId, messageId, 'failed', { from: ['sending'], set: { error: reason } });
      return;
    }
    await db.updateTable('message').set({ error: reason }).where('workspace_id', '=', workspaceId).where('id', '=', messageId).execute();
    log.warn({ messageId, attempts, err: error }, 'message not sent; retrying');
    throw error;
  }
  // One autocommitted write right after the provider's answer, before the 'sent' move's transaction:
  // the narrowest window in which a crash leaves a sent message without a record (Telegram has no idempotency key).
  await db.updateTable('message').set({ provider_message_id: providerId })
    .where('workspace_id', '=', workspaceId).where('id', '=', messageId).where('status', '=', 'sending').execute();
  await moveMessage(db, workspaceId, messageId, 'sent', { from: ['sending'], set: { provider_message_id: providerId, error: null } });
}

interface DeliverData {
  workspace_id: string;
  message_id: string;
}

export const deliverJob: JobDefinition<DeliverData> = {
  name: DELIVER_JOB,
  retryLimit: MAX_ATTEMPTS,
  retryDelaySeconds: 30,
  retryBackoff: true,
  // Deliveries mostly wait on the provider: many at once keep the SMTP pool's connections busy.
  batchSize: 200,
  concurrency: 32,
  // A process killed mid-send leaves its jobs active; they are retried after this long, not pg-boss's 15 minutes.
  expireInSeconds: 120,
  handle: (data, { db, config, log }) => deliverMessage({ db, config, log }, data.workspace_id, data.message_id),
};
