import { sql, type RawBuilder, type Selectable } from 'kysely';
import { authorize, authorizeRecord, fieldAccess, readableScope, systemPrincipal } from '../../platform/auth/permissions.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import {
  queueMessageSchema, type ListMessagesQuery, type MessageChannel, type MessageStatus, type MessageView, type QueueMessageInput,
} from './messaging.schemas.ts';
import type { MessageTable } from './messaging.tables.ts';
import './messaging.tables.ts';

export const MessagingErrors = defineErrors({
  MESSAGE_NOT_FOUND: { status: 404, title: 'The message does not exist' },
  MESSAGE_SUBJECT_REQUIRED: { status: 400, title: 'A message that may go by email needs a subject' },
  MESSAGE_PERSON_NOT_FOUND: { status: 404, title: 'The person does not exist' },
  MESSAGING_SECRET_INVALID: { status: 401, title: 'The webhook secret is missing or wrong' },
  MESSAGING_DSN_INVALID: { status: 400, title: 'The body is not a delivery status notification' },
  TELEGRAM_NOT_CONFIGURED: { status: 409, title: 'Set the Telegram bot’s username in the messaging settings first' },
});

export const DELIVER_JOB = 'messaging.deliver';

export interface Recipient {
  id: string;
  owner_id: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  time_zone: string | null;
  telegram_chat_id: string | null;
  preferred_channel: MessageChannel | null;
  responded_channel: MessageChannel | null;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The person as the sending rules see them, read as the workspace (the rules need the address
 * whatever a caller's field rules hide); null when the person is gone.
 */
export async function findRecipient(db: Db, workspaceId: string, personId: string): Promise<Recipient | null> {
  let row: Record<string, unknown>;
  try {
    row = await getRecord({ db, principal: systemPrincipal(workspaceId) }, personRecordType, personId);
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return null;
    throw error;
  }
  const [address, preference] = await Promise.all([
    db.selectFrom('messaging_channel_address').select('address')
      .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).where('channel', '=', 'telegram').executeTakeFirst(),
    db.selectFrom('messaging_preference').select(['preferred_channel', 'responded_channel'])
      .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst(),
  ]);
  return {
    id: personId, owner_id: text(row.owner_id), title: text(row[personRecordType.titleField]),
    email: text(row.email)?.toLowerCase() ?? null, phone: text(row.phone), time_zone: text(row.time_zone),
    telegram_chat_id: address?.address ?? null,
    preferred_channel: (preference?.preferred_channel ?? null) as MessageChannel | null,
    responded_channel: (preference?.responded_channel ?? null) as MessageChannel | null,
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

type MessageRow = Selectable<MessageTable>;

export function presentMessage(row: MessageRow & { person_title?: string | null }): MessageView {
  return {
    id: row.id, person_id: row.person_id, person_title: row.person_title ?? null, requested_channel: row.requested_channel,
    channel: row.channel as MessageChannel | null, purpose: row.purpose as MessageView['purpose'], source: row.source as MessageView['source'],
    source_id: row.source_id, step_id: row.step_id, idempotency_key: row.idempotency_key, status: row.status as MessageStatus,
    skip_reason: row.skip_reason, subject: row.subject, text_preview: row.body_text.slice(0, 140), address: row.address, provider_message_id: row.provider_message_id,
    error: row.error, attempts: row.attempts, scheduled_for: iso(row.scheduled_for), queued_at: iso(row.queued_at)!,
    sent_at: iso(row.sent_at), delivered_at: iso(row.delivered_at), opened_at: iso(row.opened_at), clicked_at: iso(row.clicked_at),
    bounced_at: iso(row.bounced_at), failed_at: iso(row.failed_at), skipped_at: iso(row.skipped_at),
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

async function findByKey(db: Db, workspaceId: string, key: string) {
  return db.selectFrom('message').selectAll().where('workspace_id', '=', workspaceId).where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * The one way to send anything to a person. Creates the message named by its idempotency key, at
 * most once per workspace, and its delivery job in the same transaction; the job applies the
 * sending rules at send time. A repeated key answers the existing message and queues nothing.
 */
export async function queueMessage(ctx: ServiceContext, jobs: JobQueue, rawInput: QueueMessageInput): Promise<{ message: MessageView; isNew: boolean }> {
  const input = queueMessageSchema.parse(rawInput);
  if (!input.content.subject && (input.channel === 'email' || input.channel === 'auto')) {
    throw MessagingErrors.MESSAGE_SUBJECT_REQUIRED({ field: 'content.subject' });
  }
  const workspaceId = ctx.principal.workspaceId;
  const person = await findRecipient(ctx.db, workspaceId, input.person_id);
  if (!person) throw MessagingErrors.MESSAGE_PERSON_NOT_FOUND({ field: 'person_id' });
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  authorizeRecord(ctx.principal, 'message', 'create', person.owner_id);
  const existing = await findByKey(ctx.db, workspaceId, input.idempotency_key);
  if (existing) return { message: presentMessage(existing), isNew: false };
  const id = newId();
  const scheduledFor = input.send_after ? new Date(input.send_after) : null;
  try {
    const created = await inTransaction(ctx, async (tx) => {
      const inserted = await sql<MessageRow>`
        insert into message (workspace_id, id, person_id, requested_channel, channel, purpose, source, source_id, step_id, variant,
          idempotency_key, subject, html, body_text, scheduled_for, created_by)
        select ${workspaceId}, ${id}, ${input.person_id}, ${input.channel}, ${input.channel === 'auto' ? null : input.channel},
          ${input.purpose}, ${input.source}, ${input.source_id ?? null}, ${input.step_id ?? null}, ${input.variant ?? null}, ${input.idempotency_key},
          ${input.content.subject ?? null}, ${input.content.html ?? null}, ${input.content.text}, ${scheduledFor}, ${ctx.principal.userId}
        where not exists (select 1 from message where workspace_id = ${workspaceId} and idempotency_key = ${input.idempotency_key})
        returning *`.execute(tx);
      const row = inserted.rows[0];
      if (!row) return null;
      await tx.insertInto('message_status_event').values({ workspace_id: workspaceId, id: newId(), message_id: id, status: 'queued', detail: null }).execute();
      await jobs.enqueue(DELIVER_JOB, { workspace_id: workspaceId, message_id: id }, { idempotencyKey: id, tx, ...(scheduledFor ? { startAfter: scheduledFor } : {}) });
      return row;
    });
    if (created) {
      if (!ctx.db.isTransaction) jobs.nudge(DELIVER_JOB);
      return { message: presentMessage(created), isNew: true };
    }
  } catch (error) {
    // Another request with the same key committed first.
    if (!isUniqueViolation(error) || ctx.db.isTransaction) throw error;
  }
  const winner = await findByKey(ctx.db, workspaceId, input.idempotency_key);
  return { message: presentMessage(winner!), isNew: false };
}

/** Messages follow their person: a reader sees those to people in their scope. */
function personScope(ctx: ServiceContext) {
  authorize(ctx.principal, 'message', 'read');
  const scope = readableScope(ctx.principal, 'person');
  if (!scope) throw PlatformErrors.FORBIDDEN({ detail: 'Your role may not read people' });
  return scope;
}

type ListedRow = MessageRow & { person_title: string | null };

/** Messages to people in the reader's scope, newest first; an address hidden from the reader by field rules is left out. */
async function scopedMessages(ctx: ServiceContext, filters: RawBuilder<unknown>[], limit: number): Promise<ListedRow[]> {
  const scope = personScope(ctx);
  const hidesAddress = fieldAccess(ctx.principal, 'person', 'email') === 'hidden' && fieldAccess(ctx.principal, 'person', 'phone') === 'hidden';
  const where = [sql`m.workspace_id = ${ctx.principal.workspaceId}`, ownersCondition(scope, 'p.owner_id'), ...filters];
  const rows = await sql<ListedRow>`
    select m.*, p.full_name as person_title from message m
    join person p on p.workspace_id = m.workspace_id and p.id = m.person_id
    where ${sql.join(where, sql` and `)}
    order by m.id desc limit ${limit}`.execute(ctx.db);
  return hidesAddress ? rows.rows.map((r) => ({ ...r, address: null })) : rows.rows;
}

export async function listMessages(ctx: ServiceContext, query: ListMessagesQuery): Promise<Page<MessageView>> {
  const filters: RawBuilder<unknown>[] = [];
  if (query.person_id) filters.push(sql`m.person_id = ${query.person_id}`);
  if (query.status) filters.push(sql`m.status = ${query.status}`);
  if (query.channel) filters.push(sql`m.channel = ${query.channel}`);
  if (query.source) filters.push(sql`m.source = ${query.source}`);
  if (query.source_id) filters.push(sql`m.source_id = ${query.source_id}`);
  if (query.cursor) filters.push(sql`m.id < ${decodeCursor(query.cursor)}`);
  const rows = await scopedMessages(ctx, filters, query.limit + 1);
  const hasMore = rows.length > query.limit;
  const data = (hasMore ? rows.slice(0, query.limit) : rows).map(presentMessage);
  return { data, next_cursor: hasMore ? encodeCursor(data.at(-1)!.id) : null };
}

/** One person's messages: the person must exist and be in the reader's scope, else 404 as for any record. */
export async function listPersonMessages(ctx: ServiceContext, personId: string, query: Omit<ListMessagesQuery, 'person_id'>): Promise<Page<MessageView>> {
  const person = await findRecipient(ctx.db, ctx.principal.workspaceId, personId);
  if (!person) throw MessagingErrors.MESSAGE_PERSON_NOT_FOUND({ field: 'id' });
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  return listMessages(ctx, { ...query, person_id: personId });
}

export async function getMessage(ctx: ServiceContext, id: string) {
  const [row] = await scopedMessages(ctx, [sql`m.id = ${id}`], 1);
  if (!row) throw MessagingErrors.MESSAGE_NOT_FOUND({ field: 'id' });
  const history = await ctx.db.selectFrom('message_status_event').select(['status', 'detail', 'occurred_at'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('message_id', '=', id).orderBy('id').execute();
  return {
    ...presentMessage(row), html: row.html, text: row.body_text,
    history: history.map((h) => ({ status: h.status, detail: h.detail, occurred_at: iso(h.occurred_at)! })),
  };
}

const STATUS_TIME = {
  sent: 'sent_at', delivered: 'delivered_at', opened: 'opened_at', clicked: 'clicked_at', bounced: 'bounced_at', failed: 'failed_at', skipped: 'skipped_at',
} as const;
type EventfulStatus = keyof typeof STATUS_TIME;

/**
 * Moves a message to a status with its time, history row and domain event `message.<status>`,
 * which names the person so their timeline shows it. `from` guards the move: a message only moves
 * forward (a late open does not undo a click, a bounce does not follow a skip).
 */
export async function moveMessage(
  db: Db, workspaceId: string, messageId: string, status: EventfulStatus,
  options: { from: MessageStatus[]; set?: Partial<Pick<MessageTable, 'provider_message_id' | 'error' | 'skip_reason' | 'channel' | 'address'>>; detail?: string; at?: Date },
): Promise<boolean> {
  const at = options.at ?? new Date();
  return inTransaction({ db, principal: systemPrincipal(workspaceId) }, async (tx) => {
    const row = await tx.updateTable('message')
      .set({ ...options.set, status, [STATUS_TIME[status]]: at })
      .where('workspace_id', '=', workspaceId).where('id', '=', messageId).where('status', 'in', options.from)
      .returningAll().executeTakeFirst();
    if (!row) return false;
    await recordStatus(tx, row, status, options.detail ?? options.set?.skip_reason ?? options.set?.error ?? null);
    return true;
  });
}

async function recordStatus(tx: Tx, row: MessageRow, status: string, detail: string | null) {
  await tx.insertInto('message_status_event').values({ workspace_id: row.workspace_id, id: newId(), message_id: row.id, status, detail }).execute();
  const person = await findRecipient(tx, row.workspace_id, row.person_id);
  // About the person, as consent changes are, so the message shows on the person's timeline.
  await emitEvent(tx, { db: tx, principal: systemPrincipal(row.workspace_id) }, {
    name: `message.${status}`, entityType: 'person', entityId: row.person_id,
    payload: {
      owner_id: person?.owner_id ?? null, title: person?.title ?? null, references: {},
      changes: { [`message.${row.channel ?? row.requested_channel}`]: { after: status } },
      message_id: row.id, subject: row.subject, channel: row.channel, purpose: row.purpose, source: row.source, source_id: row.source_id,
      step_id: row.step_id, skip_reason: row.skip_reason,
    },
  });
}

/** Remembers the channel a person answered on: auto channel choice prefers it. */
export async function noteResponse(db: Db, workspaceId: string, personId: string, channel: string, at: Date) {
  const exists = await db.selectFrom('messaging_preference').select('person_id')
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst();
  if (exists) {
    await db.updateTable('messaging_preference').set({ responded_channel: channel, responded_at: at })
      .where('workspace_id', '=', workspaceId).where('person_id', '=', personId)
      .where((eb) => eb.or([eb('responded_at', 'is', null), eb('responded_at', '<=', at)])).execute();
  } else {
    await db.insertInto('messaging_preference').values({ workspace_id: workspaceId, person_id: personId, preferred_channel: null, responded_channel: channel, responded_at: at }).execute();
  }
}

const OPENABLE: MessageStatus[] = ['sent', 'delivered'];

/** The open pixel (tracking) calls this; the first open moves the message and counts as a response. */
export async function markOpened(db: Db, workspaceId: string, messageId: string, at = new Date()): Promise<boolean> {
  const message = await db.selectFrom('message').select(['person_id', 'channel', 'opened_at'])
    .where('workspace_id', '=', workspaceId).where('id', '=', messageId).executeTakeFirst();
  if (!message || message.opened_at) return false;
  const isMoved = await moveMessage(db, workspaceId, messageId, 'opened', { from: OPENABLE, at });
  if (isMoved) await noteResponse(db, workspaceId, message.person_id, message.channel!, at);
  return isMoved;
}

/** A followed link (tracking) calls this; a click implies the open. */
export async function markClicked(db: Db, workspaceId: string, messageId: string, at = new Date()): Promise<boolean> {
  const message = await db.selectFrom('message').select(['person_id', 'channel', 'clicked_at', 'opened_at'])
    .where('workspace_id', '=', workspaceId).where('id', '=', messageId).executeTakeFirst();
  if (!message || message.clicked_at) return false;
  if (!message.opened_at) await db.updateTable('message').set({ opened_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', messageId).execute();
  const isMoved = await moveMessage(db, workspaceId, messageId, 'clicked', { from: [...OPENABLE, 'opened'], at });
  if (isMoved) await noteResponse(db, workspaceId, message.person_id, message.channel!, at);
  return isMoved;
}

/** A provider's delivery report: delivered, or failed after all. */
export async function applyDeliveryReport(db: Db, workspaceId: string, channel: MessageChannel, providerMessageId: string, outcome: { status: 'delivered' | 'failed'; error?: string }): Promise<boolean> {
  const message = await db.selectFrom('message').select('id')
    .where('workspace_id', '=', workspaceId).where('channel', '=', channel).where('provider_message_id', '=', providerMessageId).executeTakeFirst();
  if (!message) return false;
  return outcome.status === 'delivered'
    ? moveMessage(db, workspaceId, message.id, 'delivered', { from: ['sent'] })
    : moveMessage(db, workspaceId, message.id, 'failed', { from: ['sent', 'delivered'], set: { error: outcome.error ?? 'reported failed by the provider' } });
}

/** Nothing is sent to a suppressed address again. */
export async function suppressAddress(db: Db, workspaceId: string, entry: { channel: MessageChannel; address: string; reason: string; messageId: string | null }) {
  await sql`
    insert into messaging_suppression (workspace_id, channel, address, reason, message_id)
    select ${workspaceId}, ${entry.channel}, ${entry.address}, ${entry.reason}, ${entry.messageId}
    where not exists (select 1 from messaging_suppression where workspace_id = ${workspaceId} and channel = ${entry.channel} and address = ${entry.address})`.execute(db);
}

export async function isSuppressed(db: Db, workspaceId: string, channel: MessageChannel, address: string): Promise<boolean> {
  const row = await db.selectFrom('messaging_suppression').select('address')
    .where('workspace_id', '=', workspaceId).where('channel', '=', channel).where('address', '=', address).executeTakeFirst();
  return !!row;
}

/** The person's own choice of channel, used by auto when they have not answered on any yet. */
export async function setPreferredChannel(ctx: ServiceContext, personId: string, channel: MessageChannel | null) {
  const workspaceId = ctx.principal.workspaceId;
  const person = await findRecipient(ctx.db, workspaceId, personId);
  if (!person) throw MessagingErrors.MESSAGE_PERSON_NOT_FOUND({ field: 'id' });
  authorizeRecord(ctx.principal, 'person', 'update', person.owner_id);
  await inTransaction(ctx, async (tx, txCtx) => {
    const exists = await tx.selectFrom('messaging_preference').select('person_id')
      .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst();
    if (exists) await tx.updateTable('messaging_preference').set({ preferred_channel: channel }).where('workspace_id', '=', workspaceId).where('person_id', '=', personId).execute();
    else await tx.insertInto('messaging_preference').values({ workspace_id: workspaceId, person_id: personId, preferred_channel: channel, responded_channel: null, responded_at: null }).execute();
    await emitEvent(tx, txCtx, {
      name: 'person.messaging_preference_changed', entityType: 'person', entityId: personId,
      payload: { owner_id: person.owner_id, title: person.title, references: {}, changes: { preferred_channel: { before: person.preferred_channel, after: channel } } },
    });
  });
  return { preferred_channel: channel };
}

