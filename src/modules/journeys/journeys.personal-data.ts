import { sql } from 'kysely';
import { recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/** Which journeys a person went through and each step they took; erasure removes both. */
export const journeysPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'journey_enrollment', columns: ['person_id'], erasure: 'deleted',
      what: { en: 'The journeys a person entered and where they stand in them', ru: 'Сценарии, в которые попадал человек, и где он в них сейчас' },
      purpose: { en: 'Sending the journey’s steps', ru: 'Выполнение шагов сценария' },
      retention: { en: 'As long as the person is kept', ru: 'Пока хранится человек' },
    },
  ],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    return [
      { key: 'journeys', title: { en: 'Journeys', ru: 'Сценарии' }, items: await recordsAsItems(ctx.db, 'journey_enrollment', ws, sql`person_id = ${subject.id}`, sql`entered_at`) },
    ];
  },

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (subject.type !== 'person') return {};
    // Step logs go with their enrollment (on delete cascade).
    const deleted = await ctx.db.deleteFrom('journey_enrollment').where('workspace_id', '=', ctx.principal.workspaceId).where('person_id', '=', subject.id).executeTakeFirst();
    return { journey_enrollment: Number(deleted.numDeletedRows) };
  },
};
