import { sql } from 'kysely';
import { scrubColumns, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';
import { scrubFile } from '../../platform/privacy/personal-data-files.ts';

/**
 * Uploaded CSV files and the values of rows that failed keep whatever people were in them.
 * Erasure rewrites the files of imports that are not running (a running one reads by byte
 * offset) and scrubs the error rows; the imported records themselves are erased by their modules.
 */
export const importsPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'import_job', columns: ['file_path'], erasure: 'scrubbed',
      what: { en: 'Uploaded import files (CSV), kept to resume and review imports', ru: 'Загруженные файлы импорта (CSV) для возобновления и проверки импорта' },
      purpose: { en: 'Loading customer data', ru: 'Загрузка данных о клиентах' },
      retention: { en: 'Until the import is deleted', ru: 'Пока хранится импорт' },
    },
    {
      table: 'import_error', columns: ['value', 'message'], erasure: 'scrubbed',
      what: { en: 'Values of rows an import refused', ru: 'Значения строк, которые импорт не принял' },
      purpose: { en: 'Fixing and re-importing bad rows', ru: 'Исправление и повторная загрузка ошибочных строк' },
      retention: { en: 'As long as the import', ru: 'Пока хранится импорт' },
    },
  ],

  async erase(ctx, subject): Promise<Record<string, number>> {
    const ws = ctx.principal.workspaceId;
    const errors = await scrubColumns(ctx.db, {
      table: 'import_error', workspaceId: ws, pattern: subject.contactPattern, columns: [{ name: 'value', type: 'text' }, { name: 'message', type: 'text' }],
    });
    let files = 0;
    if (subject.contactPattern) {
      const jobs = await sql<{ file_path: string }>`
        select file_path from import_job where workspace_id = ${ws} and status not in ('queued', 'running')`.execute(ctx.db);
      for (const { file_path: filePath } of jobs.rows) if (await scrubFile(filePath, subject.contactPattern)) files++;
    }
    return { import_error: errors, import_file: files };
  },
};
