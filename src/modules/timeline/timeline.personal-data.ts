import { sql } from 'kysely';
import { personalFieldNames, recordsAsItems, scrubColumns, textArray, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * The timeline copies titles and field changes out of events. Entries about erased records
 * keep what happened and when, but their titles and personal field values become the erasure
 * marker; every entry loses the person's contacts wherever they appear.
 */
export const timelinePersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'timeline_entry', columns: ['title', 'changes'], erasure: 'scrubbed',
    what: { en: 'Each record’s history: titles and changed values', ru: 'История каждой записи: названия и изменённые значения' },
    purpose: { en: 'Showing what happened with a client', ru: 'Показ истории работы с клиентом' },
    retention: { en: 'As long as the record', ru: 'Пока хранится запись' },
  }],

  async exportSubject(ctx, subject) {
    return [{
      key: 'timeline', title: { en: 'Timeline', ru: 'Хронология' },
      items: await recordsAsItems(ctx.db, 'timeline_entry', ctx.principal.workspaceId, sql`subject_type = 'person' and subject_id = ${subject.id}`, sql`occurred_at, event_id`),
    }];
  },

  async erase(ctx, subject, erased) {
    const ws = ctx.principal.workspaceId;
    let changed = 0;
    for (const { type, ids } of erased.all()) {
      if (ids.length === 0) continue;
      const found = await ctx.fieldsOf(type);
      const fields = textArray(found ? personalFieldNames(found) : ['']);
      const about = sql`entity_type = ${type} and entity_id = any(${uuidArray(ids)})`;
      const entries = await sql`
        update timeline_entry set title = case when title is null then null else '[erased]' end, changes = rapport_erase_changes(changes, ${fields})
        where workspace_id = ${ws} and ${about}
          and ((title is not null and title <> '[erased]') or changes <> rapport_erase_changes(changes, ${fields}))`.execute(ctx.db);
      changed += Number(entries.numAffectedRows ?? 0);
      changed += await scrubColumns(ctx.db, {
        table: 'timeline_entry', workspaceId: ws, pattern: subject.ownPattern, columns: [{ name: 'title', type: 'text' }, { name: 'changes', type: 'jsonb' }],
        where: sql`${about} or (subject_type = ${type} and subject_id = any(${uuidArray(ids)}))`,
      });
    }
    changed += await scrubColumns(ctx.db, {
      table: 'timeline_entry', workspaceId: ws, pattern: subject.contactPattern, columns: [{ name: 'title', type: 'text' }, { name: 'changes', type: 'jsonb' }],
    });
    return { timeline_entry: changed };
  },
};
