import { sql } from 'kysely';
import { personalFieldNames, scrubColumns, textArray, uuidArray, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

const SNAPSHOTS = [{ name: 'merged_row', type: 'jsonb' }, { name: 'survivor_before', type: 'jsonb' }, { name: 'survivor_after', type: 'jsonb' }] as const;

/**
 * Merges keep snapshots of both records so a merge can be undone. Erasure outranks undo: the
 * snapshots of an erased record's merges lose its personal fields, open duplicate pairs with it
 * are dropped (an anonymised record is nobody's duplicate), and every snapshot loses the
 * person's contacts.
 */
export const duplicatesPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'record_merge', columns: ['merged_row', 'survivor_before', 'survivor_after'], erasure: 'scrubbed',
      what: { en: 'Snapshots of merged records, kept to undo a merge', ru: 'Снимки объединённых записей для отмены объединения' },
      purpose: { en: 'Undoing a wrong merge', ru: 'Отмена ошибочного объединения' },
      retention: { en: 'As long as the surviving record', ru: 'Пока хранится оставшаяся запись' },
    },
    {
      table: 'duplicate_candidate', columns: ['record_a', 'record_b'], erasure: 'deleted',
      what: { en: 'Pairs of records that look like duplicates', ru: 'Пары записей, похожих на дубли' },
      purpose: { en: 'Keeping the base clean', ru: 'Чистота базы' },
      retention: { en: 'Until reviewed', ru: 'До проверки' },
    },
  ],

  async erase(ctx, subject, erased) {
    const ws = ctx.principal.workspaceId;
    let candidates = 0;
    let merges = 0;
    for (const { type, ids } of erased.all()) {
      if (ids.length === 0) continue;
      const pairs = await sql`
        delete from duplicate_candidate where workspace_id = ${ws} and object_type = ${type}
          and (record_a = any(${uuidArray(ids)}) or record_b = any(${uuidArray(ids)}))`.execute(ctx.db);
      candidates += Number(pairs.numAffectedRows ?? 0);
      const found = await ctx.fieldsOf(type);
      const fields = textArray(found ? personalFieldNames(found) : ['']);
      const theirs = sql`object_type = ${type} and (merged_id = any(${uuidArray(ids)}) or survivor_id = any(${uuidArray(ids)}))`;
      const snapshots = await sql`
        update record_merge set merged_row = merged_row - ${fields}, survivor_before = survivor_before - ${fields}, survivor_after = survivor_after - ${fields}
        where workspace_id = ${ws} and ${theirs} and (merged_row ?| ${fields} or survivor_before ?| ${fields} or survivor_after ?| ${fields})`.execute(ctx.db);
      merges += Number(snapshots.numAffectedRows ?? 0);
      merges += await scrubColumns(ctx.db, { table: 'record_merge', workspaceId: ws, columns: [...SNAPSHOTS], pattern: subject.ownPattern, where: theirs });
    }
    merges += await scrubColumns(ctx.db, { table: 'record_merge', workspaceId: ws, columns: [...SNAPSHOTS], pattern: subject.contactPattern });
    return { duplicate_candidate: candidates, record_merge: merges };
  },
};
