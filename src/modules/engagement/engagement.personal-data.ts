import { sql } from 'kysely';
import { ERASED, recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';
import './engagement.tables.ts';

const ofPersonMessages = (workspaceId: string, personId: string) =>
  sql`message_id in (select id from message where workspace_id = ${workspaceId} and person_id = ${personId})`;

/**
 * The links of a person's emails may carry them (personalised URLs), and their clicks say what
 * they followed. Erasure deletes the links (their redirects stop working) and keeps each click's
 * message, position and time, with the URL and the User-Agent hash removed.
 */
export const engagementPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'message_link', columns: ['url'], erasure: 'deleted',
      what: { en: 'The links of emails sent to the person', ru: 'Ссылки в отправленных человеку письмах' },
      purpose: { en: 'Redirecting tracked clicks', ru: 'Переход по отслеживаемым ссылкам' },
      retention: { en: 'As long as the message', ru: 'Пока хранится сообщение' },
    },
    {
      table: 'message_click', columns: ['url', 'user_agent_hash'], erasure: 'kept_minimal',
      what: { en: 'Links the person followed in messages, with the time', ru: 'Ссылки из сообщений, по которым переходил человек, и время' },
      purpose: { en: 'Counting clicks and attributing orders to messages', ru: 'Подсчёт переходов и атрибуция заказов сообщениям' },
      retention: { en: 'As long as the message; erasure keeps only the message, position and time', ru: 'Пока хранится сообщение; при удалении остаются только сообщение, позиция ссылки и время' },
    },
  ],

  async exportSubject(ctx, subject) {
    if (subject.type !== 'person') return [];
    const ws = ctx.principal.workspaceId;
    return [{
      key: 'message_clicks', title: { en: 'Clicks in messages', ru: 'Переходы по ссылкам из сообщений' },
      items: await recordsAsItems(ctx.db, 'message_click', ws, ofPersonMessages(ws, subject.id), sql`id`),
    }];
  },

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (subject.type !== 'person') return {};
    const ws = ctx.principal.workspaceId;
    const links = await sql`delete from message_link where workspace_id = ${ws} and ${ofPersonMessages(ws, subject.id)}`.execute(ctx.db);
    const clicks = await sql`
      update message_click set url = ${ERASED}, user_agent_hash = null where workspace_id = ${ws} and ${ofPersonMessages(ws, subject.id)}`.execute(ctx.db);
    return { message_link: Number(links.numAffectedRows ?? 0), message_click: Number(clicks.numAffectedRows ?? 0) };
  },
};
