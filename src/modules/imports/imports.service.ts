import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { writeAudit } from '../../platform/audit/audit.service.ts';
import { assertWritableFields, authorize } from '../../platform/auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { customFieldDefs } from '../../platform/records/custom-fields.ts';
import { hiddenColumns, type RecordTypeDef } from '../../platform/records/record-type.ts';
import { detectDelimiter, openCsv } from './import-runner.ts';
import { suggestMapping } from './import-values.ts';
import type { DedupeMode } from './imports.tables.ts';
import './imports.tables.ts';

export const ImportErrors = defineErrors({
  IMPORT_NOT_FOUND: { status: 404, title: 'The import does not exist' },
  IMPORT_FILE_EMPTY: { status: 400, title: 'The file has no header row' },
  IMPORT_FILE_TOO_LARGE: { status: 413, title: 'The file is larger than imports allow' },
  IMPORT_ALREADY_STARTED: { status: 409, title: 'The import has already started' },
  IMPORT_NOT_RUNNING: { status: 409, title: 'The import is not running' },
});

export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;
const SAMPLE_ROWS = 10;

export const startImportSchema = z.strictObject({
  mapping: z.record(z.string(), z.string().max(100).nullable()).describe('CSV column → field name (custom fields as custom.<key>), or null to skip the column'),
  dedupe: z.enum(['update', 'skip', 'create']).default('update')
    .describe('What to do with a row that matches an existing record on its type’s key: email or phone (people, leads), INN (companies), SKU (products), the name (custom objects)'),
  dry_run: z.boolean().default(false).describe('Validate and count without writing records'),
});

const columns = [
  'id', 'object_type', 'file_name', 'file_bytes', 'columns', 'delimiter', 'mapping', 'dedupe_mode', 'is_dry_run', 'status', 'rows_processed',
  'bytes_processed', 'rows_created', 'rows_updated', 'rows_skipped', 'rows_failed', 'error', 'created_at', 'started_at', 'finished_at',
] as const;

/** Which record types take imports, and the fields they may import into: writable ones, custom ones included. */
export async function importableFields(ctx: ServiceContext, def: RecordTypeDef) {
  const all = [...def.fields, ...(await customFieldDefs(ctx, def.type))];
  const hidden = hiddenColumns(ctx.principal, def, all.filter((f) => f.customKey));
  return all.filter((f) => !hidden.has(f.name) && !['hidden', 'readonly'].includes(ctx.principal.fieldRules[def.type]?.[f.name] ?? ctx.principal.fieldRules['*']?.[f.name] ?? ''));
}

async function readHeaderAndSample(file: { path: string }): Promise<{ delimiter: string; header: string[]; sample: string[][] }> {
  // The delimiter comes from the first line, read on its own before parsing.
  const firstLine = await new Promise<string>((resolve, reject) => {
    const csv = openCsv({ path: file.path, delimiter: '\n' });
    csv.records.once('data', (record: string[]) => { resolve(record[0] ?? ''); csv.close(); });
    csv.records.once('end', () => resolve(''));
    csv.records.once('error', reject);
  });
  const delimiter = detectDelimiter(firstLine);
  const csv = openCsv({ path: file.path, delimiter });
  const rows: string[][] = [];
  try {
    for await (const record of csv.records as AsyncIterable<string[]>) {
      rows.push(record);
      if (rows.length > SAMPLE_ROWS) break;
    }
  } finally {
    csv.close();
  }
  const [header, ...sample] = rows;
  if (!header || header.every((h) => h.trim() === '')) throw ImportErrors.IMPORT_FILE_EMPTY();
  return { delimiter, header: header.map((h) => h.trim()), sample };
}

/** Stops a stream that grows past the limit. */
function limitBytes(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > max ? ImportErrors.IMPORT_FILE_TOO_LARGE() : null, chunk);
    },
  });
}

/**
 * Stores an uploaded CSV (plain or gzip) in the data folder without holding it in memory, and
 * reads its header and first rows for the mapping step.
 */
export async function uploadImportFile(
  ctx: ServiceContext,
  def: RecordTypeDef,
  upload: { fileName: string; body: Readable },
  dataDir: string,
) {
  authorize(ctx.principal, def.type, 'create');
  const id = newId();
  const dir = path.resolve(dataDir, 'imports', ctx.principal.workspaceId);
  await fs.promises.mkdir(dir, { recursive: true });
  const filePath = path.join(dir, id);
  try {
    await pipeline(upload.body, limitBytes(MAX_IMPORT_BYTES), fs.createWriteStream(filePath));
  } catch (error) {
    await fs.promises.rm(filePath, { force: true });
    throw error;
  }
  return registerImportFile(ctx, def, { id, fileName: upload.fileName, filePath });
}

/** Records a file already on disk as an import (uploads, and the CLI which imports in place). */
export async function registerImportFile(ctx: ServiceContext, def: RecordTypeDef, file: { id?: string; fileName: string; filePath: string }) {
  authorize(ctx.principal, def.type, 'create');
  const { size } = await fs.promises.stat(file.filePath);
  const { delimiter, header, sample } = await readHeaderAndSample({ path: file.filePath });
  const row = await ctx.db.insertInto('import_job').values({
    workspace_id: ctx.principal.workspaceId, id: file.id ?? newId(), object_type: def.type, file_name: file.fileName.slice(0, 300),
    file_path: file.filePath, file_bytes: size, columns: JSON.stringify(header), delimiter,
    actor_type: ctx.principal.kind, actor_id: ctx.principal.id,
  }).returning([...columns, 'actor_id']).executeTakeFirstOrThrow();
  const fields = await importableFields(ctx, def);
  return { ...presentImport(row), sample, suggested_mapping: suggestMapping(header, fields) };
}

type ImportRow = Awaited<ReturnType<typeof findImportRow>>;

export function presentImport({ actor_id: _actorId, ...row }: ImportRow) {
  const fileBytes = Number(row.file_bytes);
  return {
    ...row,
    file_bytes: fileBytes,
    bytes_processed: Number(row.bytes_processed),
    progress: fileBytes > 0 ? Math.min(1, Number(row.bytes_processed) / fileBytes) : 1,
    created_at: new Date(row.created_at).toISOString(),
    started_at: row.started_at ? new Date(row.started_at).toISOString() : null,
    finished_at: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

async function findImportRow(ctx: ServiceContext, id: string) {
  const row = await ctx.db.selectFrom('import_job').select([...columns, 'actor_id'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw ImportErrors.IMPORT_NOT_FOUND();
  return row;
}

/** Imports are visible to whoever started them, and to those who may read every record of the type. */
export async function findImport(ctx: ServiceContext, id: string) {
  const row = await findImportRow(ctx, id);
  const scope = authorize(ctx.principal, row.object_type, 'read');
  if (row.actor_id !== ctx.principal.id && scope.kind !== 'all') throw ImportErrors.IMPORT_NOT_FOUND();
  return row;
}

export async function listImports(ctx: ServiceContext, options: { limit: number }) {
  return ctx.db.selectFrom('import_job').select([...columns, 'actor_id'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('actor_id', '=', ctx.principal.id)
    .orderBy('id', 'desc').limit(options.limit).execute();
}

/**
 * Checks the mapping (every target a field the caller may write, none twice, required fields
 * mapped) and queues the import. The job runs with the caller's rights as they are when it runs.
 */
export async function startImport(
  ctx: ServiceContext,
  def: RecordTypeDef,
  id: string,
  input: z.output<typeof startImportSchema>,
  enqueue: (tx: ServiceContext['db'], importId: string) => Promise<void>,
) {
  const job = await findImport(ctx, id);
  if (job.status !== 'uploaded') throw ImportErrors.IMPORT_ALREADY_STARTED();
  authorize(ctx.principal, def.type, 'create');
  if (input.dedupe === 'update') authorize(ctx.principal, def.type, 'update');
  const fields = await importableFields(ctx, def);
  const targets = new Set<string>();
  for (const [column, target] of Object.entries(input.mapping)) {
    if (!job.columns.includes(column)) throw PlatformErrors.VALIDATION_FAILED({ field: `mapping.${column}`, detail: `The file has no column "${column}"` });
    if (target === null) continue;
    if (!fields.some((f) => f.name === target)) throw PlatformErrors.VALIDATION_FAILED({ field: `mapping.${column}`, detail: `You can't import into ${target}` });
    if (targets.has(target)) throw PlatformErrors.VALIDATION_FAILED({ field: `mapping.${column}`, detail: `${target} is mapped twice` });
    targets.add(target);
  }
  assertWritableFields(ctx.principal, def.type, Object.fromEntries([...targets].map((t) => [t, true])));
  const missing = fields.filter((f) => f.isRequired && !targets.has(f.name));
  if (missing.length > 0) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'mapping', detail: `Map a column to each required field: ${missing.map((f) => f.name).join(', ')}` });
  }
  return inTransaction(ctx, async (tx, ctx) => {
    const updated = await tx.updateTable('import_job')
      .set({ mapping: JSON.stringify(input.mapping), dedupe_mode: input.dedupe as DedupeMode, is_dry_run: input.dry_run, status: 'queued' })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).where('status', '=', 'uploaded')
      .returning([...columns, 'actor_id']).executeTakeFirst();
    if (!updated) throw ImportErrors.IMPORT_ALREADY_STARTED();
    await writeAudit(tx, ctx, {
      entityType: def.type, entityId: null, action: input.dry_run ? 'import_dry_run' : 'import_start',
      changes: { import_id: { after: id }, file_name: { after: job.file_name }, dedupe: { after: input.dedupe } },
    });
    await enqueue(tx, id);
    return updated;
  });
}

export async function cancelImport(ctx: ServiceContext, id: string) {
  const job = await findImport(ctx, id);
  if (!['uploaded', 'queued', 'running'].includes(job.status)) throw ImportErrors.IMPORT_NOT_RUNNING();
  return ctx.db.updateTable('import_job').set({ status: 'cancelled', finished_at: new Date() })
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id)
    .returning([...columns, 'actor_id']).executeTakeFirstOrThrow();
}

/** The error report in file order, read in keyset pages so even a million errors stream. */
export async function* importErrors(ctx: ServiceContext, id: string, pageSize = 5000) {
  await findImport(ctx, id);
  let after: { row: number; column: string } | null = null;
  for (;;) {
    let query = ctx.db.selectFrom('import_error').select(['row_number', 'column_name', 'value', 'message', 'code'])
      .where('workspace_id', '=', ctx.principal.workspaceId).where('import_id', '=', id)
      .orderBy('row_number').orderBy('column_name').limit(pageSize);
    if (after) query = query.where(sql<boolean>`(row_number, column_name) > (${after.row}, ${after.column})`);
    const rows = await query.execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = { row: rows.at(-1)!.row_number, column: rows.at(-1)!.column_name };
  }
}
