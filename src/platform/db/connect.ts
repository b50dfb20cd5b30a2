import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, DbKind } from './database.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export interface SqlResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** An open database: the Kysely handle plus raw access for scripts and pg-boss. */
export interface DbConnection {
  readonly kind: DbKind;
  readonly db: Db;
  /** Runs one parameterised statement, or a multi-statement script when no values are given. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /** For PostgreSQL: the URL, so separate pools (pg-boss, benchmarks) can connect. */
  readonly connectionString?: string;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082, timestamp: 1114 } as const;

// Both drivers answer alike: int8 as number (counts), dates as 'YYYY-MM-DD' strings,
// numeric as string (money never becomes a float).
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.int8) return (v: string) => Number(v);
    if (oid === OID.date) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openPglite(dataDir: string): Promise<DbConnection> {
  const isMemory = dataDir === 'memory://' || dataDir === ':memory:';
  if (!isMemory) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const pglite = await PGlite.create(isMemory ? undefined : path.resolve(dataDir, 'pglite'), {
    parsers: { [OID.date]: (v: string) => v },
  });
  const lock = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    kind: 'pglite',
    db,
    executeSql: (text, values) =>
      lock.run(async () => {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          const last = results.at(-1);
          return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
        }
        const result = await pglite.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
      }),
    close: async () => {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<DbConnection> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypes });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    executeSql: async (text, values) => {
      const result = await pool.query(text, values);
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    close: () => db.destroy(),
  };
}

export function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DbConnection> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
