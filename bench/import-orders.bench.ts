import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import readline from 'node:readline';
import { sql } from 'kysely';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { loadUserPrincipal } from '../src/platform/auth/auth.service.ts';
import { createWorkspace, provisionMember } from '../src/platform/auth/workspace.service.ts';
import { RecordRegistry } from '../src/platform/records/records.routes.ts';
import { allModules } from '../src/modules/index.ts';
import { importOnlineRetail } from '../src/modules/commerce/index.ts';
import { provisionBenchDatabase, round, type BenchScenario } from './harness.ts';

const RETAIL_FILE = path.resolve(import.meta.dirname, '../../shared/datasets/online_retail/online_retail.csv.gz');
const FULL_FILE_ROWS = 541_909;

/** The first `rows` rows of the file (with its header) as a plain CSV, for runs smaller than the whole. */
async function headOfFile(rows: number, target: string): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(RETAIL_FILE).pipe(createGunzip()), crlfDelay: Infinity });
  const out = fs.createWriteStream(target);
  let written = 0;
  for await (const line of lines) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    if (++written > rows) break;
  }
  lines.close();
  out.end();
  await once(out, 'finish');
}

/**
 * import-orders: the UCI Online Retail file (541,909 invoice lines; `--scale` takes its first N)
 * through `importOnlineRetail`, against a raw COPY of the same rows into a bare table in the same
 * database.
 */
export const importOrdersScenario: BenchScenario = {
  defaultScale: FULL_FILE_ROWS,
  async run(options) {
    if (!fs.existsSync(RETAIL_FILE)) throw new Error(`The Online Retail file is not at ${RETAIL_FILE}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-orders-bench-'));
    const file = path.join(dir, 'online_retail.csv');
    await headOfFile(Math.min(options.scale, FULL_FILE_ROWS), file);
    const database = await provisionBenchDatabase(options.db);
    try {
      const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir ?? './data' });
      try {
        await runMigrations(conn.db, migrationSources(allModules));
        const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark', currency: 'GBP', defaultRegion: 'GB', timeZone: 'Europe/London' });
        const admin = await provisionMember(conn.db, workspace.id, { email: 'admin@bench.test', name: 'Bench', role: 'admin' });
        const principal = (await loadUserPrincipal(conn.db, admin.user_id, workspace.id))!;
        const records = new RecordRegistry();
        for (const m of allModules) for (const def of m.recordTypes ?? []) records.add(def);

        await sql`create table bench_copy (invoice text, stock_code text, description text, quantity text, invoice_date text, unit_price text, customer text, country text)`.execute(conn.db);
        const copyStart = performance.now();
        await conn.copyCsvFile('bench_copy', file, { delimiter: ',', hasHeader: true });
        const copySeconds = (performance.now() - copyStart) / 1000;
        await sql`drop table bench_copy`.execute(conn.db);

        const outcome = await importOnlineRetail({ db: conn.db, principal }, records.resolverFor(conn.db, workspace.id), {
          filePath: file, errorReportPath: path.join(dir, 'rejected.csv'),
        });
        return {
          rows: outcome.rows,
          seconds: round(outcome.seconds),
          rows_per_s: round(outcome.rows / outcome.seconds, 0),
          orders: outcome.orders_created,
          returns: outcome.returns_created,
          customers: outcome.customers,
          rejected: outcome.rows_rejected,
          copy_seconds: round(copySeconds),
          // Import time divided by the time a bare COPY of the same rows takes here.
          baseline_ratio: round(outcome.seconds / copySeconds),
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
