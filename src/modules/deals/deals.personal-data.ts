import { sql } from 'kysely';
import { anonymiseRecords, recordsAsItems, scrubColumns, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * Deals are business facts (amounts, stages) about a customer, not about the person: they stay,
 * linked to the anonymised contact, so the pipeline and revenue reports keep their numbers.
 * Personal custom fields of the person's deals are cleared and their names and contacts taken
 * out of titles and close reasons.
 */
export const dealsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'deal', recordType: 'deal', columns: ['title', 'close_reason'], erasure: 'scrubbed',
    what: { en: 'Deals with a contact person (the link, and titles that may name them)', ru: 'Сделки с контактным лицом (связь и названия, где оно может упоминаться)' },
    purpose: { en: 'Selling and forecasting', ru: 'Продажи и прогноз' },
    retention: { en: 'As long as the deal; erasure keeps amounts and stages', ru: 'Пока хранится сделка; при удалении суммы и стадии остаются' },
  }],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    return [{
      key: 'deals', title: { en: 'Deals', ru: 'Сделки' }, entityType: 'deal',
      items: await recordsAsItems(ctx.db, 'deal', ws, sql`person_id = ${subject.id} or id in (select deal_id from deal_contact where workspace_id = ${ws} and person_id = ${subject.id})`),
    }];
  },

  async erase(ctx, subject, erased): Promise<Record<string, number>> {
    const ws = ctx.principal.workspaceId;
    const people = erased.ids('person');
    if (people.length === 0) return {};
    const theirs = sql`person_id = any(${uuidArray(people)}) or id in (select deal_id from deal_contact where workspace_id = ${ws} and person_id = any(${uuidArray(people)}))`;
    const deals = await anonymiseRecords(ctx, 'deal', theirs);
    const columns = [{ name: 'title', type: 'text' as const }, { name: 'close_reason', type: 'text' as const }, { name: 'custom', type: 'jsonb' as const }];
    const named = await scrubColumns(ctx.db, { table: 'deal', workspaceId: ws, columns, pattern: subject.ownPattern, where: theirs });
    const freeText = await scrubColumns(ctx.db, { table: 'deal', workspaceId: ws, columns, pattern: subject.contactPattern });
    const roles = await scrubColumns(ctx.db, { table: 'deal_contact', workspaceId: ws, columns: [{ name: 'role', type: 'text' }], pattern: subject.ownPattern, where: sql`person_id = any(${uuidArray(people)})` });
    return { deal: deals.count + named, deal_contact: roles, free_text: freeText };
  },
};
