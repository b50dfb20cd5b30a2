import pg from 'pg';
import { randomToken } from '../ids.ts';

/**
 * A new, empty database on a PostgreSQL server, for one test file or one benchmark run, and
 * a way to drop it. The URL names any database on the server that the user can connect to.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const runOnServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await runOnServer(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runOnServer(`drop database if exists ${name} with (force)`) };
}
