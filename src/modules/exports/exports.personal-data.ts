import { sql } from 'kysely';
import fs from 'node:fs';
import type { PersonalDataHook } from '../../platform/privacy/personal-data.ts';
import { fileMentions } from '../../platform/privacy/personal-data-files.ts';

/**
 * Export files live for a day. One that mentions the erased person is removed at once rather
 * than edited: it was a snapshot for whoever made it, and they can export again.
 */
export const exportsPersonalData: PersonalDataHook = {
  describe: () => [{
    table: 'export_job', columns: ['file_path', 'q', 'filter'], erasure: 'deleted',
    what: { en: 'Files of list exports (CSV, vCard)', ru: 'Файлы выгрузок списков (CSV, vCard)' },
    purpose: { en: 'Members’ exports of lists', ru: 'Выгрузки списков сотрудниками' },
    retention: { en: 'One day', ru: 'Один день' },
  }],

  async erase(ctx, subject): Promise<Record<string, number>> {
    if (!subject.contactPattern) return {};
    const ws = ctx.principal.workspaceId;
    const jobs = await sql<{ id: string; file_path: string }>`
      select id, file_path from export_job where workspace_id = ${ws} and status = 'completed'`.execute(ctx.db);
    let removed = 0;
    for (const job of jobs.rows) {
      if (!(await fileMentions(job.file_path, subject.contactPattern))) continue;
      await fs.promises.rm(job.file_path, { force: true });
      await sql`update export_job set status = 'expired' where workspace_id = ${ws} and id = ${job.id}`.execute(ctx.db);
      removed++;
    }
    const searches = await sql`
      update export_job set q = rapport_scrub_text(q, ${subject.contactPattern}), filter = rapport_scrub_jsonb(filter, ${subject.contactPattern})
      where workspace_id = ${ws} and (q ~* ${subject.contactPattern} or filter::text ~* ${subject.contactPattern})`.execute(ctx.db);
    return { export_file: removed, export_job: Number(searches.numAffectedRows ?? 0) };
  },
};
