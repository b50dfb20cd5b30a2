import { sql } from 'kysely';
import { anonymiseRecords, recordsAsItems, scrubColumns, textArray, uuidArray, peopleActiveIn, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

const FREE_TEXT = [
  { name: 'subject', type: 'text' }, { name: 'body', type: 'text' }, { name: 'result', type: 'text' }, { name: 'place', type: 'text' },
  { name: 'agenda', type: 'text' }, { name: 'minutes', type: 'text' }, { name: 'thread_id', type: 'text' }, { name: 'recording_url', type: 'text' },
  { name: 'custom', type: 'jsonb' },
] as const;

/**
 * Activities are the messages and conversations with a person: calls, meetings, emails, notes.
 * The person's own activities (about them, about their leads, or with them taking part) lose
 * their bodies, minutes and recordings and the person's name and contacts in their subjects;
 * the activity itself stays, so workload and response-time reports still add up.
 */
export const activitiesPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'activity', recordType: 'activity', columns: ['subject'], erasure: 'anonymised',
      what: { en: 'Calls, meetings, emails, notes and requests: their text, minutes and recordings', ru: 'Звонки, встречи, письма, заметки и обращения: текст, протоколы и записи' },
      purpose: { en: 'Keeping the history of the relationship', ru: 'История работы с клиентом' },
      retention: { en: 'As long as the person or lead they concern', ru: 'Пока хранится контакт или лид, к которому они относятся' },
    },
    {
      table: 'activity_participant', columns: ['email', 'name'], erasure: 'deleted',
      what: { en: 'Meeting participants by email and name', ru: 'Участники встреч: email и имя' },
      purpose: { en: 'Inviting people to meetings', ru: 'Приглашения на встречи' },
      retention: { en: 'As long as the meeting', ru: 'Пока хранится встреча' },
    },
  ],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    const mine = sql`person_id = ${subject.id} or id in (select activity_id from activity_participant where workspace_id = ${ws} and person_id = ${subject.id})`;
    return [
      { key: 'activities', title: { en: 'Messages, calls and meetings', ru: 'Письма, звонки и встречи' }, entityType: 'activity', items: await recordsAsItems(ctx.db, 'activity', ws, mine) },
      { key: 'participation', title: { en: 'Meeting participation', ru: 'Участие во встречах' }, items: await recordsAsItems(ctx.db, 'activity_participant', ws, sql`person_id = ${subject.id}`) },
    ];
  },

  async erase(ctx, subject, erased) {
    const ws = ctx.principal.workspaceId;
    const tx = ctx.db;
    const people = erased.ids('person');
    const leads = erased.ids('lead');
    const emails = subject.identifiers.emails.length ? subject.identifiers.emails : [''];
    const theirs = sql`${people.length ? sql`person_id = any(${uuidArray(people)})` : sql`false`}
      or ${leads.length ? sql`lead_id = any(${uuidArray(leads)})` : sql`false`}
      or id in (select activity_id from activity_participant where workspace_id = ${ws}
        and (${people.length ? sql`person_id = any(${uuidArray(people)})` : sql`false`} or email = any(${textArray(emails)})))`;
    const activities = await anonymiseRecords(ctx, 'activity', theirs);
    const own = (await sql<{ id: string }>`select id from activity where workspace_id = ${ws} and (${theirs})`.execute(tx)).rows.map((r) => r.id);
    erased.add('activity', own);
    const named = own.length
      ? await scrubColumns(tx, { table: 'activity', workspaceId: ws, columns: [...FREE_TEXT], pattern: subject.ownPattern, where: sql`id = any(${uuidArray(own)})` })
      : 0;
    const participants = await sql`
      delete from activity_participant where workspace_id = ${ws} and user_id is null
        and (${people.length ? sql`person_id = any(${uuidArray(people)})` : sql`false`} or email = any(${textArray(emails)}))`.execute(tx);
    const members = await sql`
      update activity_participant set email = null, name = null
      where workspace_id = ${ws} and user_id is not null and email = any(${textArray(emails)})`.execute(tx);
    const freeText = await scrubColumns(tx, { table: 'activity', workspaceId: ws, columns: [...FREE_TEXT], pattern: subject.contactPattern });
    return {
      activity: activities.count + named, activity_participant: Number(participants.numAffectedRows ?? 0) + Number(members.numAffectedRows ?? 0), free_text: freeText,
    };
  },

  activeSince: (db, workspaceId, personIds, since) => peopleActiveIn(db, { table: 'activity', workspaceId, personIds, since, timeColumn: 'updated_at' }),
};
