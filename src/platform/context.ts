import type { Db, Tx } from './db/database.ts';
import type { Principal } from './auth/permissions.ts';

/** What every use case receives: a database handle and who is acting. */
export interface ServiceContext {
  db: Db;
  principal: Principal;
  requestId?: string;
}

/** Runs work in a transaction, joining the caller's when there already is one. */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: Tx, ctx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx.db as Tx, ctx);
  return ctx.db.transaction().execute((tx) => work(tx, { ...ctx, db: tx }));
}
