import { scrubColumns, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * A workspace's own record types hold whatever its custom fields say; those classified
 * personal or sensitive appear in the register with their record type. Erasure scrubs a
 * person's contacts from their names and custom values.
 */
export const objectsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'custom_record', columns: ['name', 'custom'], erasure: 'scrubbed',
    what: { en: 'Records of the workspace’s own types (contracts, cars, …) that mention a person', ru: 'Записи собственных объектов (договоры, автомобили, …), где упомянут человек' },
    purpose: { en: 'As the workspace defines its objects', ru: 'Как определено для объекта в рабочем пространстве' },
    retention: { en: 'As long as the record', ru: 'Пока хранится запись' },
  }],

  async erase(ctx, subject) {
    const changed = await scrubColumns(ctx.db, {
      table: 'custom_record', workspaceId: ctx.principal.workspaceId, pattern: subject.contactPattern,
      columns: [{ name: 'name', type: 'text' }, { name: 'custom', type: 'jsonb' }],
    });
    return { custom_record: changed };
  },
};
