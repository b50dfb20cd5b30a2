import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** A module's forward-only migrations: files named NNNN_what.sql in one folder. */
export interface MigrationSource {
  module: string;
  dir: string;
}

export interface AppliedMigration {
  module: string;
  name: string;
}

function listMigrationFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
}

/**
 * Applies every pending migration, module by module in the given order, in one transaction.
 * The advisory lock lets several processes start at once against one PostgreSQL.
 */
export async function runMigrations(db: Db, sources: MigrationSource[]): Promise<AppliedMigration[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7263001)`.execute(trx);
    await sql`
      create table if not exists schema_migration (
        module text not null,
        name text not null,
        applied_at timestamptz not null default now(),
        primary key (module, name)
      )`.execute(trx);
    const done = await sql<AppliedMigration>`select module, name from schema_migration`.execute(trx);
    const isApplied = new Set(done.rows.map((r) => `${r.module}/${r.name}`));
    const applied: AppliedMigration[] = [];
    for (const source of sources) {
      for (const file of listMigrationFiles(source.dir)) {
        if (isApplied.has(`${source.module}/${file}`)) continue;
        const script = fs.readFileSync(path.join(source.dir, file), 'utf8');
        await sql.raw(script).execute(trx);
        await sql`insert into schema_migration (module, name) values (${source.module}, ${file})`.execute(trx);
        applied.push({ module: source.module, name: file });
      }
    }
    return applied;
  });
}
