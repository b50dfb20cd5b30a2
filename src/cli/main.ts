import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { buildApp, migrationSources, type RapportApp } from '../app.ts';
import { loadConfig, type ConfigOverrides } from '../platform/config.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { runMigrations } from '../platform/db/migrator.ts';
import '../platform/db/platform-tables.ts';
import { systemPrincipal } from '../platform/auth/permissions.ts';
import { AppError } from '../platform/errors.ts';
import { createApiKey, createWorkspace, findWorkspaceBySlug, provisionMember, setUserPassword } from '../platform/auth/workspace.service.ts';
import { allModules } from '../modules/index.ts';
import { DEMO, seedDemoWorkspace } from '../demo/demo.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface DbFlags {
  dataDir?: string;
}

const dataDirOption = () => new Option('--data-dir <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)').env('RAPPORT_DATA_DIR');

function configFrom(flags: DbFlags & { port?: string; host?: string; demo?: boolean }, extra: ConfigOverrides = {}) {
  return loadConfig({
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.port ? { port: Number(flags.port) } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.demo === false ? { isDemoEnabled: false } : {}),
    ...extra,
  });
}

/** Opens the database with every migration applied, for the one-shot commands. */
async function withDatabase<T>(flags: DbFlags, work: (conn: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = configFrom(flags);
  const conn = await openDatabase(config);
  try {
    await runMigrations(conn.db, migrationSources(allModules));
    return await work(conn);
  } finally {
    await conn.close();
  }
}

function ensureWebBuilt(webDistDir: string) {
  if (fs.existsSync(path.join(webDistDir, 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) {
    console.warn('The web app is not built and Vite is not installed; the API still works. Run `npm install` to get the web app.');
    return;
  }
  console.log('Building the web app (first start only)…');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) console.warn('The web app failed to build; the API still works.');
}

function shutdownOn(app: RapportApp) {
  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export function buildCli(): Command {
  const program = new Command('rapport')
    .description('Rapport: an open-source, self-hosted CRM.\nEnvironment: DATABASE_URL (PostgreSQL instead of the embedded database), PORT, RAPPORT_DATA_DIR, LOG_LEVEL.')
    .showHelpAfterError();

  program
    .command('start')
    .description('Run the server: API, web app, and (embedded mode) the job workers')
    .option('--port <n>', 'HTTP port (env PORT, default 3000)')
    .option('--host <host>', 'interface to listen on (default 0.0.0.0)')
    .addOption(dataDirOption())
    .option('--no-demo', 'do not create the demo workspace (env RAPPORT_NO_DEMO=1)')
    .action(async (flags) => {
      const config = configFrom(flags);
      ensureWebBuilt(config.webDistDir);
      const app = await buildApp(config);
      shutdownOn(app);
      const demo = config.isDemoEnabled ? await seedDemoWorkspace(app.conn, app.modules) : null;
      await app.start();
      await app.listen();
      const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${path.resolve(config.dataDir)}`;
      console.log(`\nRapport is running at http://localhost:${config.port}  (database: ${where})`);
      if (demo) console.log(`Demo login: ${DEMO.email} / ${DEMO.password}  (workspace "${DEMO.slug}"${demo.isCreated ? ', just created' : ''})`);
      console.log(`API docs: http://localhost:${config.port}/api/docs\n`);
    });

  program
    .command('worker')
    .description('Run only the job workers and event relay (PostgreSQL deployments)')
    .action(async () => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        throw new Error('`rapport worker` needs DATABASE_URL: with the embedded database the workers run inside `rapport start`.');
      }
      const app = await buildApp(config);
      shutdownOn(app);
      await app.start({ isWorking: true });
      console.log('Rapport worker is running.');
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .addOption(dataDirOption())
    .action(async (flags: DbFlags) => {
      const conn = await openDatabase(configFrom(flags));
      try {
        const applied = await runMigrations(conn.db, migrationSources(allModules));
        for (const m of applied) console.log(`applied ${m.module}/${m.name}`);
        console.log(applied.length > 0 ? `${applied.length} migration(s) applied.` : 'Migrations are up to date.');
      } finally {
        await conn.close();
      }
    });

  program
    .command('seed')
    .description('Create the demo workspace with Russian demo data (if it does not exist)')
    .addOption(dataDirOption())
    .action(async (flags: DbFlags) => {
      await withDatabase(flags, async (conn) => {
        const { isCreated } = await seedDemoWorkspace(conn, allModules);
        console.log(isCreated ? `Demo workspace "${DEMO.slug}" created. Login: ${DEMO.email} / ${DEMO.password}` : `Demo workspace "${DEMO.slug}" already exists.`);
      });
    });

  const workspace = program.command('workspace').description('Manage workspaces');
  workspace
    .command('create')
    .description('Create a workspace with the built-in roles')
    .requiredOption('--slug <slug>', 'short name used in URLs and CLI, e.g. acme')
    .requiredOption('--name <name>', 'display name')
    .option('--locale <locale>', 'ru or en', 'ru')
    .option('--currency <code>', 'ISO 4217 currency', 'RUB')
    .option('--time-zone <tz>', 'IANA time zone', 'Europe/Moscow')
    .addOption(dataDirOption())
    .action(async (flags) => {
      await withDatabase(flags, async (conn) => {
        const created = await createWorkspace(conn.db, { slug: flags.slug, name: flags.name, locale: flags.locale, currency: flags.currency, timeZone: flags.timeZone });
        console.log(`Workspace "${created.slug}" created (${created.id}).`);
      });
    });

  const user = program.command('user').description('Manage users');
  user
    .command('add')
    .description('Add a user to a workspace (creating the user if needed); for an existing member, sets the password')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--workspace <slug>')
    .option('--password <password>', 'password (at least 8 characters)')
    .option('--role <role>', 'admin | manager | operator | read-only | a custom role key', 'operator')
    .addOption(dataDirOption())
    .action(async (flags) => {
      if (flags.password && flags.password.length < 8) throw new Error('The password must have at least 8 characters.');
      await withDatabase(flags, async (conn) => {
        const ws = await findWorkspaceBySlug(conn.db, flags.workspace);
        if (!ws) throw new Error(`No workspace "${flags.workspace}".`);
        try {
          const member = await provisionMember(conn.db, ws.id, { email: flags.email, name: flags.name, password: flags.password, role: flags.role });
          console.log(`${member.email} is now ${member.role} in "${ws.slug}".`);
        } catch (error) {
          // Re-running for an existing member is how an operator (re)sets a password.
          if (!(error instanceof AppError && error.code === 'MEMBER_EXISTS' && flags.password)) throw error;
          console.log(`${flags.email} is already a member of "${ws.slug}"; password updated.`);
        }
        if (flags.password) await setUserPassword(conn.db, flags.email, flags.password);
      });
    });

  const apikey = program.command('apikey').description('Manage API keys');
  apikey
    .command('create')
    .description('Create an API key; the key is printed once')
    .requiredOption('--workspace <slug>')
    .requiredOption('--role <role>', 'role key the API key acts with')
    .option('--name <name>', 'a label for the key', 'CLI key')
    .option('--json', 'print {"key": "…"} as the last line of stdout')
    .addOption(dataDirOption())
    .action(async (flags) => {
      await withDatabase(flags, async (conn) => {
        const ws = await findWorkspaceBySlug(conn.db, flags.workspace);
        if (!ws) throw new Error(`No workspace "${flags.workspace}".`);
        const created = await createApiKey({ db: conn.db, principal: systemPrincipal(ws.id) }, { name: flags.name, role: flags.role });
        if (flags.json) console.log(JSON.stringify({ key: created.key }));
        else console.log(`API key "${created.name}" (${created.role}) for "${ws.slug}":\n${created.key}\nStore it now: it is not shown again.`);
      });
    });

  program
    .command('import')
    .description('Import a CSV file (plain or .gz) into a workspace, streaming it, with a progress line and an error report')
    .argument('<type>', 'record type: people, companies, deals, leads, … (plural or singular), a custom object as x_<key>, e.g. x_contract, or online-retail for the UCI Online Retail file')
    .argument('<file>', 'path to the CSV file')
    .option('--workspace <slug>', 'the workspace (required, except for online-retail, which defaults to "retail" and creates it)')
    .option('--errors <file>', 'online-retail: where to write the rejected rows (default: a file in the temp folder)')
    .option('--as <email>', 'the member the import acts as (default: the first administrator)')
    .option('--map <pairs>', 'column=field pairs, comma-separated, overriding the suggested mapping (field "-" skips a column)')
    .addOption(new Option('--dedupe <mode>', 'rows matching an existing record by email, phone, INN, SKU or a custom object’s name').choices(['update', 'skip', 'create']).default('update'))
    .option('--dry-run', 'validate and count without writing records')
    .option('--json', 'print the outcome as JSON on the last line')
    .addOption(dataDirOption())
    .action(async (typeName: string, file: string, flags) => {
      if (typeName === 'online-retail') {
        const { importOnlineRetailFromCli } = await import('./online-retail.command.ts');
        await withDatabase(flags, (conn) => importOnlineRetailFromCli(conn.db, { file, workspace: flags.workspace, as: flags.as, errors: flags.errors, isJson: !!flags.json }));
        return;
      }
      if (!flags.workspace) throw new Error('--workspace <slug> is required');
      const { importFromCli } = await import('./import.command.ts');
      await withDatabase(flags, (conn) => importFromCli(conn.db, { typeName, file, ...flags, isDryRun: !!flags.dryRun, isJson: !!flags.json }));
    });

  const clv = program.command('clv').description('Customer lifetime value models (BG/NBD and Gamma-Gamma)');
  clv
    .command('fit')
    .description('Fit BG/NBD and Gamma-Gamma to a transactions CSV (customer_id,date,amount; plain or .gz); the last stdout line is JSON')
    .requiredOption('--transactions <file>', 'CSV with header customer_id,date,amount; same customer and day count as one transaction')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period (YYYY-MM-DD, inclusive); later rows form the holdout')
    .addOption(new Option('--time-unit <unit>', 'unit of t_x, T and the horizon').choices(['day', 'week', 'month']).default('week'))
    .option('--predictions <file>', 'write customer_id,x,t_x,T,p_alive,expected_purchases,expected_avg_value per customer')
    .option('--horizon <n>', 'time units ahead for expected_purchases (default 52)')
    .option('--json', 'print only the JSON line')
    .action(async (flags) => {
      const { clvFitFromCli } = await import('./clv.command.ts');
      await clvFitFromCli({
        transactions: flags.transactions, calibrationEnd: flags.calibrationEnd, timeUnit: flags.timeUnit,
        predictions: flags.predictions, horizon: flags.horizon === undefined ? undefined : Number(flags.horizon), isJson: !!flags.json,
      });
    });

  program
    .command('retention')
    .description('Retention models for contracts and subscriptions')
    .command('fit')
    .description('Fit the shifted-beta-geometric model to a cohort’s survivor counts; the last stdout line is JSON')
    .requiredOption('--survivors <counts>', 'comma-separated customers still active at the start and after each period, e.g. 1000,869,743')
    .option('--horizon <periods>', 'periods to project survivors for (default: 12 or the data’s length)')
    .option('--discount-rate <d>', 'per-period discount rate for the discounted expected lifetime')
    .option('--json', 'print only the JSON line')
    .action(async (flags) => {
      const { retentionFitFromCli } = await import('./clv.command.ts');
      retentionFitFromCli({
        survivors: flags.survivors, horizon: flags.horizon === undefined ? undefined : Number(flags.horizon),
        discountRate: flags.discountRate === undefined ? undefined : Number(flags.discountRate), isJson: !!flags.json,
      });
    });

  program
    .command('bench')
    .description('Run a benchmark scenario and print its figures')
    .requiredOption('--scenario <name>', 'scenario name, e.g. api-crud')
    .option('--scale <n>', 'how many people the scenario works with (default per scenario: api-crud 5,000; the others 1,000,000)')
    .addOption(new Option('--db <kind>', 'database to run on').choices(['pglite', 'postgres']).default('pglite'))
    .option('--duration <seconds>', 'seconds per load phase', '10')
    .option('--json', 'print one JSON object of figures as the last line of stdout')
    .action(async (flags) => {
      const { runBench } = await import('../../bench/index.ts');
      await runBench({ scenario: flags.scenario, scale: flags.scale === undefined ? undefined : Number(flags.scale), db: flags.db, durationSeconds: Number(flags.duration), isJson: !!flags.json });
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const message = error instanceof AppError ? `${error.title}${error.message !== error.title ? `: ${error.message}` : ''}` : (error as Error).message;
    console.error(`rapport: ${message}`);
    process.exit(1);
  }
}
