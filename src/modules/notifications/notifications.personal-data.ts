import { sql } from 'kysely';
import { scrubColumns, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/** Members' notifications name the record they are about; an erased record's name goes. */
export const notificationsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'notification', columns: ['title'], erasure: 'scrubbed',
    what: { en: 'Members’ notifications naming a contact, lead or task', ru: 'Уведомления сотрудников с названием контакта, лида или задачи' },
    purpose: { en: 'Telling members what needs their attention', ru: 'Оповещение сотрудников о работе' },
    retention: { en: 'As long as the member’s inbox keeps them', ru: 'Пока они есть во входящих сотрудника' },
  }],

  async erase(ctx, subject, erased) {
    const ws = ctx.principal.workspaceId;
    let changed = 0;
    for (const { type, ids } of erased.all()) {
      if (ids.length === 0) continue;
      const titles = await sql`
        update notification set title = '[erased]'
        where workspace_id = ${ws} and entity_type = ${type} and entity_id = any(${uuidArray(ids)}) and title is not null and title <> '[erased]'`.execute(ctx.db);
      changed += Number(titles.numAffectedRows ?? 0);
    }
    changed += await scrubColumns(ctx.db, { table: 'notification', workspaceId: ws, pattern: subject.contactPattern, columns: [{ name: 'title', type: 'text' }] });
    return { notification: changed };
  },
};
