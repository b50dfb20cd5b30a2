import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { runImport } from './import-runner.ts';
import { IMPORT_JOB, registerImportRoutes } from './imports.routes.ts';
import { importsPersonalData } from './imports.personal-data.ts';

export { openCsv, runImport } from './import-runner.ts';
export { importErrors, registerImportFile, startImport } from './imports.service.ts';

/**
 * CSV import of any record type: upload, mapping, dry run, duplicate handling and a per-row error
 * report, run as a resumable background job.
 */
export const importsModule: RapportModule = {
  name: 'imports',
  personalData: importsPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerImportRoutes,
  jobs: [{
    name: IMPORT_JOB,
    retryLimit: 3,
    // An attempt may run long. If its worker dies, the retry after expiry resumes from the last
    // committed batch; errors inside an import end it as failed instead of retrying.
    expireInSeconds: 3600,
    handle: async (data: { workspace_id: string; import_id: string }, { db, log, records }) => {
      const outcome = await runImport(db, records, { workspaceId: data.workspace_id, importId: data.import_id });
      log.info({ import_id: data.import_id, ...outcome }, 'import finished');
    },
  }],
};
