import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { EXPORT_JOB, registerExportRoutes } from './exports.routes.ts';
import { expireExports, runExport } from './exports.service.ts';
import { exportsPersonalData } from './exports.personal-data.ts';

/** Background exports of any list to CSV (or people to vCard), with progress and a download. */
export const exportsModule: RapportModule = {
  name: 'exports',
  personalData: exportsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerExportRoutes,
  jobs: [
    {
      name: EXPORT_JOB,
      retryLimit: 2,
      expireInSeconds: 3600,
      handle: async (data: { workspace_id: string; export_id: string }, { db, log, records }) => {
        const outcome = await runExport(db, records, { workspaceId: data.workspace_id, exportId: data.export_id });
        log.info({ export_id: data.export_id, ...outcome }, 'export finished');
      },
    },
    {
      name: 'exports.expire',
      cron: '17 * * * *',
      retryLimit: 0,
      handle: async (_data, { db, log }) => {
        const expired = await expireExports(db);
        if (expired > 0) log.info({ expired }, 'export files removed');
      },
    },
  ],
};
