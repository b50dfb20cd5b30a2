import { sql } from 'kysely';
import { recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';
import './messaging.tables.ts';

/**
 * Messages are kept as minimal proof of what was sent when (status, channel, purpose, times);
 * erasure clears their content and the address used. The person's Telegram chat, channel
 * preference, pending link tokens and the suppressions of their addresses are deleted.
 */
export const messagingPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'message', columns: ['address', 'subject', 'html', 'body_text'], erasure: 'kept_minimal',
      what: { en: 'Messages sent to the person: address, content, statuses', ru: 'Отправленные человеку сообщения: адрес, содержание, статусы' },
      purpose: { en: 'Delivering messages and proving what was sent', ru: 'Доставка сообщений и подтверждение отправленного' },
      retention: { en: 'As long as the person’s record; erasure keeps only channel, purpose, status and times', ru: 'Пока хранится запись о человеке; при удалении остаются только канал, цель, статус и даты' },
    },
    {
      table: 'messaging_channel_address', columns: ['address'], erasure: 'deleted',
      what: { en: 'Linked Telegram chat', ru: 'Привязанный чат Telegram' },
      purpose: { en: 'Sending messages on Telegram', ru: 'Отправка сообщений в Telegram' },
      retention: { en: 'Until unlinked or erased', ru: 'До отвязки или удаления' },
    },
    {
      table: 'messaging_preference', columns: ['preferred_channel', 'responded_channel'], erasure: 'deleted',
      what: { en: 'Preferred channel and the channel last answered on', ru: 'Предпочитаемый канал и канал последнего ответа' },
      purpose: { en: 'Choosing the channel', ru: 'Выбор канала' },
      retention: { en: 'As long as the person’s record', ru: 'Пока хранится запись о человеке' },
    },
    {
      table: 'messaging_suppression', columns: ['address'], erasure: 'deleted',
      what: { en: 'Addresses that bounced', ru: 'Адреса, с которых вернулись письма' },
      purpose: { en: 'Not sending to addresses that do not exist', ru: 'Не отправлять на несуществующие адреса' },
      retention: { en: 'Until erased', ru: 'До удаления' },
    },
  ],

  async exportSubject(ctx, subject) {
    if (subject.type !== 'person') return [];
    const ws = ctx.principal.workspaceId;
    return [
      { key: 'messages', title: { en: 'Messages', ru: 'Сообщения' }, items: await recordsAsItems(ctx.db, 'message', ws, sql`person_id = ${subject.id}`, sql`id`) },
      { key: 'messaging_channel_address', title: { en: 'Linked chats', ru: 'Привязанные чаты' }, items: await recordsAsItems(ctx.db, 'messaging_channel_address', ws, sql`person_id = ${subject.id}`, sql`channel`) },
      { key: 'messaging_preference', title: { en: 'Channel preference', ru: 'Предпочтения каналов' }, items: await recordsAsItems(ctx.db, 'messaging_preference', ws, sql`person_id = ${subject.id}`, sql`person_id`) },
    ];
  },

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (subject.type !== 'person') return {};
    const ws = ctx.principal.workspaceId;
    const addresses = [...subject.identifiers.emails.map((e) => e.toLowerCase()), ...subject.identifiers.phones];
    const used = await sql<{ address: string }>`
      select distinct address from message where workspace_id = ${ws} and person_id = ${subject.id} and address is not null`.execute(ctx.db);
    const all = [...new Set([...addresses, ...used.rows.map((r) => r.address)])];
    const suppressions = all.length === 0 ? { numAffectedRows: 0n } : await sql`
      delete from messaging_suppression where workspace_id = ${ws} and address in (${sql.join(all)})`.execute(ctx.db);
    const messages = await sql`
      update message set address = null, subject = null, html = null, body_text = '', idempotency_key = 'erased:' || id
      where workspace_id = ${ws} and person_id = ${subject.id}`.execute(ctx.db);
    const events = await sql`
      update message_status_event e set detail = null from message m
      where e.workspace_id = ${ws} and m.workspace_id = e.workspace_id and m.id = e.message_id and m.person_id = ${subject.id}`.execute(ctx.db);
    const chats = await sql`delete from messaging_channel_address where workspace_id = ${ws} and person_id = ${subject.id}`.execute(ctx.db);
    await sql`delete from messaging_telegram_link where workspace_id = ${ws} and person_id = ${subject.id}`.execute(ctx.db);
    const preferences = await sql`delete from messaging_preference where workspace_id = ${ws} and person_id = ${subject.id}`.execute(ctx.db);
    return {
      message: Number(messages.numAffectedRows ?? 0), message_status_event: Number(events.numAffectedRows ?? 0),
      messaging_channel_address: Number(chats.numAffectedRows ?? 0), messaging_preference: Number(preferences.numAffectedRows ?? 0),
      messaging_suppression: Number(suppressions.numAffectedRows ?? 0),
    };
  },
};
