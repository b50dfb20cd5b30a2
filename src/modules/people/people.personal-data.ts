import { sql } from 'kysely';
import {
  anonymiseRecords, recordsAsItems, scrubColumns, textArray,
  type PersonalDataHook, type RetentionCandidate,
} from '../../platform/privacy/personal-data.ts';

const YEARS = { en: 'While the person is a contact; the retention rule for people, if set, erases them after that many years without activity', ru: 'Пока человек остаётся контактом; правило хранения для контактов, если задано, удаляет их после стольких лет без активности' };

/**
 * People hold the profile itself. Erasure anonymises the person's row by its declared
 * classification and keeps the row, so orders, deals and activities still count (revenue stays
 * in reports) while pointing at no one; their identities go. Other people who list one of the
 * erased emails or phones lose it too: the address belongs to the data subject.
 */
export const peoplePersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'person', recordType: 'person', columns: [], erasure: 'anonymised',
      what: { en: 'Contacts: names, emails, phones, messengers, address, birthday, notes and personal custom fields', ru: 'Контакты: ФИО, email, телефоны, мессенджеры, адрес, день рождения, заметки и персональные доп. поля' },
      purpose: { en: 'Customer relations: contacting, selling, serving the person', ru: 'Работа с клиентами: связь, продажи, обслуживание' },
      retention: YEARS,
    },
    {
      table: 'person_identity', columns: ['value'], erasure: 'deleted',
      what: { en: 'Keys a person is known by elsewhere (shop customer numbers, site visitor ids)', ru: 'Идентификаторы человека в других системах (номер клиента магазина, id посетителя сайта)' },
      purpose: { en: 'Recognising the same customer across channels', ru: 'Узнавание одного клиента в разных каналах' },
      retention: YEARS,
    },
  ],

  async identify(ctx, subject) {
    if (subject.type !== 'person') return {};
    const row = await sql<{ email: string | null; phone: string | null; whatsapp: string | null; viber: string | null; other_emails: string[]; other_phones: string[]; last_name: string | null; first_name: string; middle_name: string | null; full_name: string }>`
      select email, phone, whatsapp, viber, other_emails, other_phones, last_name, first_name, middle_name, full_name
      from person where workspace_id = ${ctx.principal.workspaceId} and id = ${subject.id}`.execute(ctx.db);
    const identities = (await sql<{ value: string }>`
      select value from person_identity where workspace_id = ${ctx.principal.workspaceId} and person_id = ${subject.id}`.execute(ctx.db)).rows;
    const p = row.rows[0];
    if (!p) return {};
    return {
      emails: [p.email, ...p.other_emails, ...identities.map((i) => i.value).filter((v) => v.includes('@'))].filter((v): v is string => !!v),
      phones: [p.phone, p.whatsapp, p.viber, ...p.other_phones].filter((v): v is string => !!v),
      names: [p.full_name, p.last_name, `${p.first_name} ${p.last_name ?? ''}`].filter((v): v is string => !!v),
    };
  },

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    return [
      { key: 'profile', title: { en: 'Profile', ru: 'Профиль' }, items: await recordsAsItems(ctx.db, 'person', ws, sql`id = ${subject.id}`) },
      { key: 'identities', title: { en: 'Identities in other systems', ru: 'Идентификаторы в других системах' }, items: await recordsAsItems(ctx.db, 'person_identity', ws, sql`person_id = ${subject.id}`) },
      { key: 'companies', title: { en: 'Companies and roles', ru: 'Компании и роли' }, items: await recordsAsItems(ctx.db, 'person_affiliation', ws, sql`person_id = ${subject.id}`) },
    ];
  },

  async erase(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    const tx = ctx.db;
    const counts: Record<string, number> = {};
    if (subject.type !== 'person') return counts;
    const nameWords = (await sql<{ word: string }>`
      select distinct w as word from person, unnest(tsvector_to_array(to_tsvector('simple', coalesce(full_name, '')))) as w
      where workspace_id = ${ws} and id = ${subject.id}`.execute(tx)).rows.map((r) => r.word);
    counts.person = (await anonymiseRecords(ctx, 'person', sql`id = ${subject.id}`)).count;
    // The typo-search word list forgets the name's words nobody else in the workspace still has.
    if (nameWords.length > 0) {
      const forgotten = await sql`
        delete from search_word w where w.workspace_id = ${ws} and w.object_type = 'person' and w.word = any(${textArray(nameWords)})
          and not exists (select 1 from person p where p.workspace_id = w.workspace_id and p.search_text like '%' || w.word || '%')`.execute(tx);
      counts.search_word = Number(forgotten.numAffectedRows ?? 0);
    }
    const identities = await sql`delete from person_identity where workspace_id = ${ws} and person_id = ${subject.id}`.execute(tx);
    counts.person_identity = Number(identities.numAffectedRows ?? 0);
    const emails = subject.identifiers.emails.length ? subject.identifiers.emails : [''];
    const phones = subject.identifiers.phones.length ? subject.identifiers.phones : [''];
    if (subject.contactPattern) {
      const others = await sql`
        update person set
          email = case when email = any(${textArray(emails)}) then null else email end,
          phone = case when phone = any(${textArray(phones)}) then null else phone end,
          other_emails = array(select e from unnest(other_emails) e where e <> all(${textArray(emails)})),
          other_phones = array(select p from unnest(other_phones) p where p <> all(${textArray(phones)}))
        where workspace_id = ${ws} and (email = any(${textArray(emails)}) or phone = any(${textArray(phones)})
          or other_emails && ${textArray(emails)} or other_phones && ${textArray(phones)})`.execute(tx);
      counts.other_people = Number(others.numAffectedRows ?? 0);
      const identities = await sql`delete from person_identity where workspace_id = ${ws} and value ~* ${subject.contactPattern}`.execute(tx);
      counts.person_identity = (counts.person_identity ?? 0) + Number(identities.numAffectedRows ?? 0);
    }
    counts.free_text = await scrubColumns(tx, {
      table: 'person', workspaceId: ws, pattern: subject.contactPattern,
      columns: [{ name: 'notes', type: 'text' }, { name: 'address', type: 'text' }, { name: 'source', type: 'text' }, { name: 'job_title', type: 'text' }, { name: 'custom', type: 'jsonb' }],
    });
    return counts;
  },

  async retentionCandidates(db, workspaceId, rules, limit) {
    if (rules.personRetentionYears === null) return [];
    const rows = await sql<RetentionCandidate>`
      select 'person' as type, id, full_name as title, updated_at::text as last_activity_at from person
      where workspace_id = ${workspaceId} and updated_at < now() - make_interval(years => ${rules.personRetentionYears})
        and first_name <> '[erased]'
      order by updated_at limit ${limit}`.execute(db);
    return rows.rows;
  },
};
