import type { Kysely, Transaction } from 'kysely';

/**
 * The typed schema of the whole database. Platform tables are declared in
 * platform-tables.ts; each module adds its own tables by declaration merging:
 *
 *   declare module '../../platform/db/database.ts' { interface Database { person: PersonTable } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

/** One handle type for PGlite and PostgreSQL alike; a transaction is also a Db. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbKind = 'pglite' | 'postgres';
