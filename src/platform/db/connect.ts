import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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
  /**
   * Bulk-loads a CSV file into a table with COPY (streamed on PostgreSQL; PGlite reads the file
   * whole). For loads that skip the application on purpose, e.g. benchmark baselines.
   */
  copyCsvFile(table: string, filePath: string, options: { delimiter: string; hasHeader: boolean }): Promise<void>;
  /** Runs work while holding a database-wide lock, so processes starting together take turns. */
  withExclusiveLock<T>(lockId: number, work: () => Promise<T>): Promise<T>;
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

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const copyOptions = (options: { delimiter: string; hasHeader: boolean }) =>
  `format csv, delimiter '${options.delimiter.replace(/'/g, "''")}', header ${options.hasHeader ? 'true' : 'false'}`;

export async function openPglite(dataDir: string): Promise<DbConnection> {
  const isMemory = dataDir === 'memory://' || dataDir === ':memory:';
  if (!isMemory) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const pglite = await PGlite.create(isMemory ? undefined : path.resolve(dataDir, 'pglite'), {
    parsers: { [OID.date]: (v: string) => v },
    extensions: { btree_gin, pg_trgm },
  });
  const lock = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    kind: 'pglite',
    db,
    executeSql: (text, values) =>
      lock.run(async () => {
        // See pglite-dialect.ts: the statement in flight, for a debugger.
        (globalThis as { rapportPgliteStatement?: unknown }).rapportPgliteStatement = { sql: text, parameters: values ?? [] };
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          const last = results.at(-1);
          return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
        }
        const result = await pglite.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
      }),
    copyCsvFile: (table, filePath, options) =>
      lock.run(async () => {
        const blob = new Blob([await fs.promises.readFile(filePath)]);
        await pglite.query(`copy ${quoteIdent(table)} from '/dev/blob' with (${copyOptions(options)})`, [], { blob });
      }),
    // One process owns a PGlite folder, so there is nobody to take turns with.
    withExclusiveLock: (_lockId, work) => work(),
    close: async () => {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
  };
}

// Named statements are parsed and planned once per connection instead of on every run, which
// is most of PostgreSQL's work for a key lookup. Texts with '*' stay unnamed: a migration may
// change their result columns, which PostgreSQL refuses for a prepared statement. The cap
// bounds what each connection keeps when SQL is built dynamically (IN lists, batch inserts).
const MAX_NAMED_STATEMENTS = 200;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS && !text.includes('*')) {
    name = `rapport_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

// The tables a principal is loaded from; deleting a workspace, user or team cascades into them.
const PRINCIPAL_WRITE_RE =
  /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|merge\s+into)\s+(?:"?public"?\.)?"?(?:api_key|role|team|team_member|membership|app_user|workspace)\b/i;
const principalVersions = new WeakMap<Db, { value: number }>();

/**
 * A counter that moves whenever this process writes a table principals are loaded from: when
 * such a statement starts, and again when its connection goes back to the pool (after the
 * commit). undefined when the database does not track it.
 */
export function principalTablesVersion(db: Db): number | undefined {
  return principalVersions.get(db)?.value;
}

/** Kysely's view of the pool: parameterised statements run as named prepared statements. */
function preparingPool(pool: pg.Pool, version: { value: number }): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let hasWrittenPrincipals = false;
    return {
      // Only the (text, values) form: the dialect has no cursor configured.
      query: ((text: string, values: unknown[]) => {
        if (PRINCIPAL_WRITE_RE.test(text)) {
          version.value++;
          hasWrittenPrincipals = true;
        }
        const name = values.length > 0 ? statementName(text) : undefined;
        return name ? client.query({ name, text, values }) : client.query(text, values);
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        if (hasWrittenPrincipals) version.value++;
        hasWrittenPrincipals = false;
        client.release();
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<DbConnection> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypes });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const version = { value: 0 };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, version) }) });
  principalVersions.set(db, version);
  return {
    kind: 'postgres',
    db,
    connectionString,
    executeSql: async (text, values) => {
      const isPrincipalWrite = PRINCIPAL_WRITE_RE.test(text);
      if (isPrincipalWrite) version.value++;
      const result = await pool.query(text, values).finally(() => {
        if (isPrincipalWrite) version.value++;
      });
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    copyCsvFile: async (table, filePath, options) => {
      const client = await pool.connect();
      try {
        const target = client.query(copyFrom(`copy ${quoteIdent(table)} from stdin with (${copyOptions(options)})`));
        await pipeline(fs.createReadStream(filePath), target);
      } finally {
        client.release();
      }
    },
    withExclusiveLock: async (lockId, work) => {
      // A session lock needs one connection held for the whole work.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lockId]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [lockId]);
        }
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

export function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DbConnection> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
