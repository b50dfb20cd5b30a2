import { sql } from 'kysely';
import { anonymiseRecords, recordsAsItems, scrubColumns, textArray, peopleActiveIn, type PersonalDataHook, type RetentionCandidate } from '../../platform/privacy/personal-data.ts';

/**
 * Leads hold what a prospect told us before they became a contact. A person's erasure
 * anonymises their leads (converted into them, or carrying one of their emails or phones); the
 * lead retention rule erases leads nobody touched for N years.
 */
export const leadsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'lead', recordType: 'lead', columns: [], erasure: 'anonymised',
    what: { en: 'Leads: names, email, phone, the message sent with a request, personal custom fields', ru: 'Лиды: ФИО, email, телефон, сообщение из заявки, персональные доп. поля' },
    purpose: { en: 'Answering requests and qualifying prospects', ru: 'Ответ на заявки и квалификация потенциальных клиентов' },
    retention: { en: 'Until converted or disqualified; the lead retention rule, if set, erases leads inactive for that many years', ru: 'До конвертации или отказа; правило хранения лидов, если задано, удаляет лиды без изменений столько лет' },
  }],

  async identify(ctx, subject) {
    const rows = await sql<{ email: string | null; phone: string | null; full_name: string; last_name: string | null }>`
      select email, phone, full_name, last_name from lead
      where workspace_id = ${ctx.principal.workspaceId} and ${subject.type === 'lead' ? sql`id = ${subject.id}` : sql`person_id = ${subject.id}`}`.execute(ctx.db);
    return {
      emails: rows.rows.flatMap((r) => (r.email ? [r.email] : [])),
      phones: rows.rows.flatMap((r) => (r.phone ? [r.phone] : [])),
      names: rows.rows.flatMap((r) => [r.full_name, r.last_name ?? '']),
    };
  },

  async exportSubject(ctx, subject) {
    return [{
      key: 'leads', title: { en: 'Requests and leads', ru: 'Заявки и лиды' }, entityType: 'lead',
      items: await recordsAsItems(ctx.db, 'lead', ctx.principal.workspaceId, sql`person_id = ${subject.id}`),
    }];
  },

  async erase(ctx, subject, erased) {
    const { emails, phones } = subject.identifiers;
    const theirs = subject.type === 'lead' ? sql`id = ${subject.id}` : sql`person_id = ${subject.id}`;
    const sameContact = subject.type === 'person' && emails.length + phones.length > 0
      ? sql`email = any(${textArray(emails.length ? emails : [''])}) or phone = any(${textArray(phones.length ? phones : [''])})`
      : sql`false`;
    const leads = await anonymiseRecords(ctx, 'lead', sql`${theirs} or ${sameContact}`);
    erased.add('lead', leads.ids);
    const own = await sql<{ id: string }>`select id from lead where workspace_id = ${ctx.principal.workspaceId} and (${theirs})`.execute(ctx.db);
    erased.add('lead', own.rows.map((r) => r.id));
    const freeText = await scrubColumns(ctx.db, {
      table: 'lead', workspaceId: ctx.principal.workspaceId, pattern: subject.contactPattern,
      columns: [{ name: 'company_name', type: 'text' }, { name: 'source', type: 'text' }, { name: 'product_interest', type: 'text' }, { name: 'disqualify_reason', type: 'text' }, { name: 'region', type: 'text' }, { name: 'message', type: 'text' }, { name: 'custom', type: 'jsonb' }],
    });
    return { lead: leads.count, free_text: freeText };
  },

  async retentionCandidates(db, workspaceId, rules, limit) {
    if (rules.leadRetentionYears === null) return [];
    const rows = await sql<RetentionCandidate>`
      select 'lead' as type, id, full_name as title, updated_at::text as last_activity_at from lead
      where workspace_id = ${workspaceId} and updated_at < now() - make_interval(years => ${rules.leadRetentionYears})
        and first_name <> '[erased]'
      order by updated_at limit ${limit}`.execute(db);
    return rows.rows;
  },

  activeSince: (db, workspaceId, personIds, since) => peopleActiveIn(db, { table: 'lead', workspaceId, personIds, since, timeColumn: 'updated_at' }),
};
