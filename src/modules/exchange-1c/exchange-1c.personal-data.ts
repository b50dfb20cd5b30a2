import { sql } from 'kysely';
import { scrubColumns, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * The 1C exchange holds files only for the length of an exchange session (orders sent to 1C name
 * their buyers) and a log of messages. Files that mention the person are dropped (1C asks again);
 * log messages lose their contacts. What 1C itself stores is the operator's to erase there.
 */
export const exchange1cPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'exchange_1c_file', columns: ['content'], erasure: 'deleted',
      what: { en: 'CommerceML files during an exchange with 1C (orders name their buyers)', ru: 'Файлы CommerceML во время обмена с 1С (в заказах указаны покупатели)' },
      purpose: { en: 'Exchanging orders and the catalogue with 1C', ru: 'Обмен заказами и каталогом с 1С' },
      retention: { en: 'Until the exchange session ends', ru: 'До конца сеанса обмена' },
    },
    {
      table: 'exchange_1c_log', columns: ['message'], erasure: 'scrubbed',
      what: { en: 'The exchange log’s messages', ru: 'Сообщения журнала обмена' },
      purpose: { en: 'Diagnosing the exchange', ru: 'Диагностика обмена' },
      retention: { en: 'As long as the log', ru: 'Пока хранится журнал' },
    },
  ],

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (!subject.contactPattern) return {};
    const ws = ctx.principal.workspaceId;
    // Escaped, a file's ASCII stays as it is: emails and phones match whatever its encoding.
    const files = await sql`
      delete from exchange_1c_file where workspace_id = ${ws}
        and encode(content, 'escape') ~* ${subject.contactPattern}`.execute(ctx.db);
    const log = await scrubColumns(ctx.db, { table: 'exchange_1c_log', workspaceId: ws, columns: [{ name: 'message', type: 'text' }], pattern: subject.contactPattern });
    return { exchange_1c_file: Number(files.numAffectedRows ?? 0), exchange_1c_log: log };
  },
};
