import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { loadUserPrincipal } from '../platform/auth/auth.service.ts';
import { findWorkspaceBySlug } from '../platform/auth/workspace.service.ts';
import { RecordRegistry } from '../platform/records/records.routes.ts';
import { allModules } from '../modules/index.ts';
import { importErrors, registerImportFile, runImport, startImport } from '../modules/imports/index.ts';

interface ImportFlags {
  typeName: string;
  file: string;
  workspace: string;
  as?: string;
  map?: string;
  dedupe: 'update' | 'skip' | 'create';
  isDryRun: boolean;
  isJson: boolean;
}

/** Parses "Телефон=phone,Заметка=-" into column → field (null skips the column). */
function parseMap(pairs: string | undefined): Record<string, string | null> {
  if (!pairs) return {};
  return Object.fromEntries(pairs.split(',').map((pair) => {
    const [column, field] = pair.split('=').map((s) => s.trim());
    if (!column || !field) throw new Error(`--map: "${pair}" is not column=field`);
    return [column, field === '-' ? null : field];
  }));
}

/** Who a command-line import acts as: the member with this email, or the first administrator. */
export async function actingMember(db: Db, ws: { id: string; slug: string }, email?: string) {
  const member = await sql<{ user_id: string }>`
    select m.user_id from membership m join app_user u on u.id = m.user_id join role r on r.workspace_id = m.workspace_id and r.id = m.role_id
    where m.workspace_id = ${ws.id} and not m.is_disabled and ${email ? sql`u.email = ${email.toLowerCase()}` : sql`r.key = 'admin'`}
    order by m.created_at limit 1`.execute(db);
  const userId = member.rows[0]?.user_id;
  const principal = userId ? await loadUserPrincipal(db, userId, ws.id) : null;
  if (!principal) throw new Error(email ? `${email} is not an active member of "${ws.slug}".` : `"${ws.slug}" has no active administrator.`);
  return principal;
}

/** `rapport import`: runs the same import as the web app, in this process, printing progress. */
export async function importFromCli(db: Db, flags: ImportFlags): Promise<void> {
  const records = new RecordRegistry();
  for (const m of allModules) for (const def of m.recordTypes ?? []) records.add(def);
  for (const m of allModules) if (m.workspaceRecordTypes) records.addWorkspaceSource(m.workspaceRecordTypes);
  const ws = await findWorkspaceBySlug(db, flags.workspace);
  if (!ws) throw new Error(`No workspace "${flags.workspace}".`);
  // A custom object is named as everywhere else: x_<key> (its type), e.g. x_contract.
  const types = await records.forWorkspace(db, ws.id);
  const def = types.find((d) => d.plural === flags.typeName || d.type === flags.typeName);
  if (!def) throw new Error(`No record type "${flags.typeName}" in "${ws.slug}". Known: ${types.map((d) => (d.partition ? d.type : d.plural)).join(', ')}`);
  const ctx = { db, principal: await actingMember(db, ws, flags.as) };
  const principal = ctx.principal;

  const filePath = path.resolve(flags.file);
  const uploaded = await registerImportFile(ctx, def, { fileName: path.basename(filePath), filePath });
  const mapping = { ...uploaded.suggested_mapping, ...parseMap(flags.map) };
  const log = (line: string) => { if (!flags.isJson) console.log(line); };
  log(`Importing ${filePath} into ${def.partition ? def.type : def.plural} of "${ws.slug}" as ${principal.name}${flags.isDryRun ? ' (dry run)' : ''}`);
  for (const [column, field] of Object.entries(mapping)) log(`  ${column} → ${field ?? '(skipped)'}`);
  await startImport(ctx, def, uploaded.id, { mapping, dedupe: flags.dedupe, dry_run: flags.isDryRun }, async () => {});

  const startedAt = Date.now();
  let lastPrint = 0;
  const outcome = await runImport(db, records, { workspaceId: ws.id, importId: uploaded.id }, {
    onProgress: (p) => {
      if (flags.isJson || Date.now() - lastPrint < 1000) return;
      lastPrint = Date.now();
      const rate = Math.round(p.rows_processed / ((Date.now() - startedAt) / 1000));
      process.stdout.write(`\r  ${(100 * p.bytes_processed / Math.max(1, p.file_bytes)).toFixed(1)}%  ${p.rows_processed} rows  ${rate} rows/s   `);
    },
  });
  const seconds = (Date.now() - startedAt) / 1000;
  const summary = {
    import_id: uploaded.id, status: outcome.status, rows: outcome.rows_processed, created: outcome.rows_created, updated: outcome.rows_updated,
    skipped: outcome.rows_skipped, failed: outcome.rows_failed, seconds: Number(seconds.toFixed(2)), ...(outcome.error ? { error: outcome.error } : {}),
  };
  if (flags.isJson) {
    console.log(JSON.stringify(summary));
  } else {
    console.log(`\n${outcome.status}: ${summary.rows} rows in ${summary.seconds} s — ${summary.created} created, ${summary.updated} updated, ${summary.skipped} skipped, ${summary.failed} failed`);
    if (outcome.error) console.log(`Stopped: ${outcome.error}`);
    if (outcome.rows_failed > 0) {
      const shown = 10;
      for await (const page of importErrors(ctx, uploaded.id, shown)) {
        for (const e of page) console.log(`  row ${e.row_number}, ${e.column_name}: ${e.message}${e.value ? ` ("${e.value}")` : ''}`);
        break;
      }
      console.log(`Full error report: GET /api/v1/imports/${uploaded.id}/errors`);
    }
  }
  if (outcome.status !== 'completed') process.exitCode = 1;
}
