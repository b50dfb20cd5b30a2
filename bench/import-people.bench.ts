import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { loadUserPrincipal } from '../src/platform/auth/auth.service.ts';
import { createWorkspace, provisionMember } from '../src/platform/auth/workspace.service.ts';
import { RecordRegistry } from '../src/platform/records/records.routes.ts';
import { allModules } from '../src/modules/index.ts';
import { personRecordType } from '../src/modules/people/index.ts';
import { registerImportFile, runImport, startImport } from '../src/modules/imports/index.ts';
import { provisionBenchDatabase, round, type BenchScenario } from './harness.ts';
import { writePeopleCsv } from './people-data.ts';

/**
 * import-people: a generated people file (messy phones, dotted dates, repeated emails, a few
 * broken rows) through the real import with dedupe on, against a raw COPY of the same file into
 * a bare table in the same database, and against one INSERT ... SELECT of those rows into the
 * people table itself (its indexes are most of the cost of storing a person).
 */
export const importPeopleScenario: BenchScenario = {
  defaultScale: 1_000_000,
  async run(options) {
    const rows = options.scale;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-bench-'));
    const file = path.join(dir, 'people.csv');
    const database = await provisionBenchDatabase(options.db);
    try {
      await writePeopleCsv(file, rows);
      const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
      try {
        await runMigrations(conn.db, migrationSources(allModules));
        const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark' });
        const admin = await provisionMember(conn.db, workspace.id, { email: 'admin@bench.test', name: 'Bench', role: 'admin' });
        const principal = (await loadUserPrincipal(conn.db, admin.user_id, workspace.id))!;
        const records = new RecordRegistry();
        for (const m of allModules) for (const def of m.recordTypes ?? []) records.add(def);

        await sql`create table bench_copy (last_name text, first_name text, email text, phone text, city text, birthday text)`.execute(conn.db);
        const copyStart = performance.now();
        await conn.copyCsvFile('bench_copy', file, { delimiter: ';', hasHeader: true });
        const copySeconds = (performance.now() - copyStart) / 1000;
        // What the database alone spends storing these rows in the real table, with its search
        // and dedupe indexes, generated columns and keys: the floor under any import of them.
        const insertStart = performance.now();
        await sql`insert into person (workspace_id, id, last_name, first_name, email, phone, city, birthday)
          select ${workspace.id}::uuid, gen_random_uuid(), last_name, first_name, email, phone, city, to_date(birthday, 'DD.MM.YYYY')
          from bench_copy`.execute(conn.db);
        const insertSeconds = (performance.now() - insertStart) / 1000;
        await sql`drop table bench_copy`.execute(conn.db);
        await sql`truncate person cascade`.execute(conn.db);

        const ctx = { db: conn.db, principal };
        const started = performance.now();
        const uploaded = await registerImportFile(ctx, personRecordType, { fileName: 'people.csv', filePath: file });
        await startImport(ctx, personRecordType, uploaded.id, { mapping: uploaded.suggested_mapping, dedupe: 'update', dry_run: false }, async () => {});
        const outcome = await runImport(conn.db, records, { workspaceId: workspace.id, importId: uploaded.id });
        const seconds = (performance.now() - started) / 1000;
        if (outcome.status !== 'completed') throw new Error(`the import ended ${outcome.status}: ${outcome.error ?? ''}`);
        return {
          rows,
          seconds: round(seconds),
          rows_per_s: round(rows / seconds, 0),
          created: outcome.rows_created,
          updated: outcome.rows_updated,
          failed: outcome.rows_failed,
          copy_seconds: round(copySeconds),
          // Import time divided by the time a bare COPY of the same file takes here.
          baseline_ratio: round(seconds / copySeconds),
          insert_seconds: round(insertSeconds),
          // Import time divided by the time one INSERT ... SELECT of the copied rows into person takes.
          insert_ratio: round(seconds / insertSeconds),
        };
      } finally {
        await conn.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  },
};
