import { sql } from 'kysely';
import { scrubColumns, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * Companies are legal entities, not people, but a small firm's contact email or phone is often
 * one person's own (a sole trader's): those and any mention in free text go with that person.
 */
export const companiesPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'company', columns: ['email', 'phone', 'legal_address', 'actual_address', 'website'], erasure: 'scrubbed',
    what: { en: 'A company’s contacts, when they are a person’s own (a sole trader)', ru: 'Контакты компании, если это контакты конкретного человека (ИП)' },
    purpose: { en: 'Working with the client company', ru: 'Работа с компанией-клиентом' },
    retention: { en: 'As long as the company', ru: 'Пока хранится компания' },
  }],

  async erase(ctx, subject): Promise<Record<string, number>> {
    const pattern = subject.contactPattern;
    if (!pattern) return {};
    const ws = ctx.principal.workspaceId;
    const contacts = await sql`
      update company set email = case when email ~* ${pattern} then null else email end, phone = case when phone ~* ${pattern} then null else phone end
      where workspace_id = ${ws} and (email ~* ${pattern} or phone ~* ${pattern})`.execute(ctx.db);
    const freeText = await scrubColumns(ctx.db, {
      table: 'company', workspaceId: ws, pattern,
      columns: [{ name: 'legal_address', type: 'text' }, { name: 'actual_address', type: 'text' }, { name: 'website', type: 'text' }, { name: 'name', type: 'text' }, { name: 'custom', type: 'jsonb' }],
    });
    return { company: Number(contacts.numAffectedRows ?? 0), free_text: freeText };
  },
};
