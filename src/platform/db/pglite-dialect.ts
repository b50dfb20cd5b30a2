import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { Mutex } from './mutex.ts';

/**
 * The statement PGlite is running, kept where a debugger can read it (`exec globalThis.rapportPgliteStatement`):
 * PGlite runs Postgres in WebAssembly, so a statement it spins on shows no SQL in a stack trace.
 */
const current = globalThis as { rapportPgliteStatement?: { sql: string; parameters: readonly unknown[] } };

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    current.rapportPgliteStatement = { sql: query.sql, parameters: query.parameters };
    if (query.parameters.length === 0) {
      // The simple protocol accepts multi-statement scripts (migrations); the last result counts.
      const last = (await this.pg.exec(query.sql)).at(-1);
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows === undefined ? undefined : BigInt(last.affectedRows),
      };
    }
    const result = await this.pg.query<R>(query.sql, query.parameters as unknown[]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no server-side cursors; the result is already in memory, hand it out in chunks.
    const { rows } = await this.executeQuery<R>(query);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  constructor(
    private readonly pg: PGlite,
    private readonly lock: Mutex,
  ) {}

  async init(): Promise<void> {}

  // Every Kysely query or transaction holds the lock for its whole duration, so statements
  // from concurrent requests (or pg-boss) can never interleave inside a transaction.
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lock.acquire();
    return new PGliteConnection(this.pg, release);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).release();
  }

  async destroy(): Promise<void> {}
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly lock: Mutex,
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.lock);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
