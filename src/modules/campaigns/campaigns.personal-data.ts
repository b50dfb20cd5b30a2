import { sql } from 'kysely';
import { recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/** Who a campaign went to, with which variant: erasure removes the person from every campaign's audience. */
export const campaignsPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'campaign_recipient', columns: ['person_id'], erasure: 'deleted',
      what: { en: 'The campaigns a person was in the audience of, and their variant or holdout', ru: 'Рассылки, в аудиторию которых входил человек, и его вариант или контрольная группа' },
      purpose: { en: 'Sending campaigns exactly once and measuring them', ru: 'Отправка рассылок ровно один раз и оценка их результата' },
      retention: { en: 'As long as the campaign is kept', ru: 'Пока хранится рассылка' },
    },
  ],

  async exportSubject(ctx, subject) {
    const items = await recordsAsItems(ctx.db, 'campaign_recipient', ctx.principal.workspaceId, sql`person_id = ${subject.id}`, sql`campaign_id`);
    return [{ key: 'campaigns', title: { en: 'Campaigns', ru: 'Рассылки' }, items }];
  },

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (subject.type !== 'person') return {};
    const deleted = await ctx.db.deleteFrom('campaign_recipient')
      .where('workspace_id', '=', ctx.principal.workspaceId).where('person_id', '=', subject.id).executeTakeFirst();
    return { campaign_recipient: Number(deleted.numDeletedRows) };
  },
};
