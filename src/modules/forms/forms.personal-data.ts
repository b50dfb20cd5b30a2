import { sql } from 'kysely';
import { recordsAsItems, scrubColumns, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * A submission keeps what the visitor typed, with their IP address and browser, as evidence of
 * the request. The person's own submissions lose all of it (the submission stays as a count for
 * the form's statistics); others lose the person's contacts where they typed them.
 */
export const formsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'web_form_submission', columns: ['values', 'ip', 'user_agent', 'visitor_id'], erasure: 'anonymised',
    what: { en: 'Web form submissions: the values typed, IP address, browser', ru: 'Отправки веб-форм: введённые значения, IP-адрес, браузер' },
    purpose: { en: 'Capturing requests and leads from the site', ru: 'Приём заявок и лидов с сайта' },
    retention: { en: 'As long as the person or lead they created', ru: 'Пока хранится созданный ими контакт или лид' },
  }],

  async exportSubject(ctx, subject) {
    return [{
      key: 'form_submissions', title: { en: 'Web form submissions', ru: 'Отправки веб-форм' },
      items: await recordsAsItems(ctx.db, 'web_form_submission', ctx.principal.workspaceId, sql`person_id = ${subject.id}`, sql`submitted_at`),
    }];
  },

  async erase(ctx, subject, erased): Promise<Record<string, number>> {
    const ws = ctx.principal.workspaceId;
    const people = erased.ids('person');
    let own = 0;
    if (subject.type === 'person' && people.length > 0) {
      const result = await sql`
        update web_form_submission set "values" = '{}', ip = null, user_agent = null, visitor_id = null
        where workspace_id = ${ws} and person_id = ${subject.id}
          and ("values" <> '{}' or ip is not null or user_agent is not null or visitor_id is not null)`.execute(ctx.db);
      own = Number(result.numAffectedRows ?? 0);
    }
    const others = await scrubColumns(ctx.db, { table: 'web_form_submission', workspaceId: ws, columns: [{ name: 'values', type: 'jsonb' }], pattern: subject.contactPattern });
    return { web_form_submission: own + others };
  },
};
