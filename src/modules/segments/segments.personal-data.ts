import { sql } from 'kysely';
import { recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/** Segment memberships say who a person is to marketing; erasure removes them with their history. */
export const segmentsPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'segment_member', columns: ['person_id'], erasure: 'deleted',
      what: { en: 'The segments and lists a person is in', ru: 'Сегменты и списки, в которых состоит человек' },
      purpose: { en: 'Choosing whom marketing addresses', ru: 'Выбор адресатов маркетинга' },
      retention: { en: 'While the person matches the segment or stays on the list', ru: 'Пока человек подходит под сегмент или остаётся в списке' },
    },
    {
      table: 'segment_membership_event', columns: ['person_id'], erasure: 'deleted',
      what: { en: 'When a person entered and left segments', ru: 'Когда человек входил в сегменты и выходил из них' },
      purpose: { en: 'Triggers of journeys and marketing analysis', ru: 'Запуск цепочек и анализ маркетинга' },
      retention: { en: 'As long as the person is kept', ru: 'Пока хранится человек' },
    },
  ],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    return [
      { key: 'segments', title: { en: 'Segments', ru: 'Сегменты' }, items: await recordsAsItems(ctx.db, 'segment_member', ws, sql`person_id = ${subject.id}`, sql`entered_at`) },
      { key: 'segment_history', title: { en: 'Segment entries and exits', ru: 'Входы в сегменты и выходы' }, items: await recordsAsItems(ctx.db, 'segment_membership_event', ws, sql`person_id = ${subject.id}`, sql`id`) },
    ];
  },

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (subject.type !== 'person') return {};
    const ws = ctx.principal.workspaceId;
    const members = await ctx.db.deleteFrom('segment_member').where('workspace_id', '=', ws).where('person_id', '=', subject.id).returning('segment_id').execute();
    if (members.length > 0) {
      await ctx.db.updateTable('segment').set({ member_count: sql<number>`member_count - 1` })
        .where('workspace_id', '=', ws).where('id', 'in', members.map((m) => m.segment_id)).execute();
    }
    const history = await ctx.db.deleteFrom('segment_membership_event').where('workspace_id', '=', ws).where('person_id', '=', subject.id).executeTakeFirst();
    return { segment_member: members.length, segment_membership_event: Number(history.numDeletedRows) };
  },
};
