import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { detectDuplicates, hasDuplicateRules, scanForDuplicates } from './duplicates.service.ts';
import { registerDuplicateRoutes, SCAN_JOB } from './duplicates.routes.ts';
import { duplicatesPersonalData } from './duplicates.personal-data.ts';

/** Which records an event says were written: one for created/updated, many for an import batch. */
function writtenIds(event: { name: string; entityId: string | null; payload: Record<string, unknown> }): string[] {
  if (event.name.endsWith('.imported')) return (event.payload.ids as string[] | undefined) ?? [];
  if ((event.name.endsWith('.created') || event.name.endsWith('.updated')) && event.entityId) return [event.entityId];
  return [];
}

/** Duplicate detection (on every write and by full scan), a review queue, merge with undo. */
export const duplicatesModule: RapportModule = {
  name: 'duplicates',
  personalData: duplicatesPersonalData,
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerDuplicateRoutes,
  eventHandlers: [{
    handler: 'duplicates.detect',
    events: ['*'],
    async handle(event, { db, records }) {
      const def = event.entityType ? records.get(event.entityType) : undefined;
      const ids = writtenIds(event);
      if (!def || !hasDuplicateRules(def) || ids.length === 0) return;
      // Only writes that touch an identifying field can make a new pair.
      const changed = Object.keys((event.payload.changes as Record<string, unknown> | undefined) ?? {});
      const watched = [...(def.dedupeKeys ?? []), def.similarDuplicates?.field, ...(def.similarDuplicates?.sameAny ?? []), 'first_name', 'last_name', 'middle_name'];
      if (event.name.endsWith('.updated') && !changed.some((c) => watched.includes(c))) return;
      // Records may have been deleted or merged away since.
      await detectDuplicates(db, event.workspaceId, def, ids);
    },
  }],
  jobs: [{
    name: SCAN_JOB,
    retryLimit: 2,
    expireInSeconds: 3600,
    handle: async (data: { workspace_id: string; object_type: string }, { db, records, log }) => {
      const def = records.get(data.object_type);
      if (!def) return;
      const found = await scanForDuplicates(db, data.workspace_id, def);
      log.info({ ...data, found }, 'duplicate scan finished');
    },
  }],
};
