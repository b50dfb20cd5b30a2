import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { createWorkspace, findWorkspaceBySlug, provisionMember } from '../platform/auth/workspace.service.ts';
import { RecordRegistry } from '../platform/records/records.routes.ts';
import { allModules } from '../modules/index.ts';
import { importOnlineRetail, type RetailImportOutcome } from '../modules/commerce/index.ts';
import { scoreCustomers } from '../modules/customer-value/index.ts';
import { actingMember } from './import.command.ts';

export const RETAIL_WORKSPACE = { slug: 'retail', email: 'retail@rapport.local', password: 'rapport-retail' };

/**
 * `rapport import online-retail FILE`: the UCI Online Retail file as a workspace of its own (a UK
 * shop: English, pounds, London time), created with an administrator on first use.
 */
export async function importOnlineRetailFromCli(db: Db, flags: { file: string; workspace?: string; as?: string; errors?: string; isJson: boolean }) {
  const log = (line: string) => { if (!flags.isJson) console.log(line); };
  const slug = flags.workspace ?? RETAIL_WORKSPACE.slug;
  let ws = await findWorkspaceBySlug(db, slug);
  if (!ws) {
    const created = await createWorkspace(db, { slug, name: 'Online Retail (UCI)', locale: 'en', currency: 'GBP', timeZone: 'Europe/London', defaultRegion: 'GB' });
    await provisionMember(db, created.id, { email: RETAIL_WORKSPACE.email, name: 'Retail admin', password: RETAIL_WORKSPACE.password, role: 'admin', locale: 'en' });
    log(`Created workspace "${slug}"; sign in as ${RETAIL_WORKSPACE.email} / ${RETAIL_WORKSPACE.password}`);
    ws = (await findWorkspaceBySlug(db, slug))!;
  }
  const records = new RecordRegistry();
  for (const m of allModules) for (const def of m.recordTypes ?? []) records.add(def);
  const ctx = { db, principal: await actingMember(db, ws, flags.as) };
  const errorReportPath = path.resolve(flags.errors ?? path.join(os.tmpdir(), `online-retail-rejected-${Date.now()}.csv`));
  log(`Importing ${path.resolve(flags.file)} into "${ws.slug}" as ${ctx.principal.name}`);
  let lastPrint = 0;
  const outcome = await importOnlineRetail(ctx, records.resolverFor(db, ws.id), {
    filePath: path.resolve(flags.file),
    errorReportPath,
    onProgress: (p: RetailImportOutcome) => {
      if (flags.isJson || Date.now() - lastPrint < 1000) return;
      lastPrint = Date.now();
      process.stdout.write(`\r  ${p.rows} rows  ${p.orders_created + p.orders_already_imported} orders  ${p.customers} customers  ${Math.round(p.rows / p.seconds)} rows/s   `);
    },
  });
  // Fresh statistics for the planner: without them the reports over half a million new rows choose
  // poor plans until autovacuum's analyze comes round.
  await sql`analyze sales_order, order_line, order_return, person`.execute(db);
  // The imported customers are scored at once, so the analytics show them without waiting for the night.
  const scoring = await scoreCustomers(db, ws.id, { requestedBy: ctx.principal.userId });
  const summary = {
    workspace: ws.slug, ...outcome, rows_per_s: Math.round(outcome.rows / outcome.seconds), seconds: Number(outcome.seconds.toFixed(2)), error_report: errorReportPath,
    scored_customers: scoring.customers,
  };
  if (flags.isJson) {
    console.log(JSON.stringify(summary));
    return;
  }
  log(`\n${outcome.rows} rows in ${summary.seconds} s (${summary.rows_per_s} rows/s)`);
  log(`  orders: ${outcome.orders_created} new (${outcome.anonymous_orders} of guests), ${outcome.orders_already_imported} imported before`);
  log(`  returns: ${outcome.returns_created} new (${outcome.returns_traced_to_orders} traced to their order), ${outcome.returns_already_imported} imported before`);
  log(`  customers: ${outcome.customers}; new products: ${outcome.products_created}`);
  log(`  rows left out: ${outcome.rows_rejected}${Object.entries(outcome.rejected_by_reason).map(([code, n]) => `\n    ${code}: ${n}`).join('')}`);
  log(`Rejected rows with their reasons: ${errorReportPath}`);
  log(`Customers scored (RFM, CLV, churn risk): ${scoring.customers} in ${scoring.seconds.toFixed(1)} s`);
}
