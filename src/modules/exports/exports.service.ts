import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Selectable, Updateable } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { loadJobPrincipal } from '../../platform/auth/auth.service.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { compileFilter, parseFilter, type Filter } from '../../platform/records/filter.ts';
import type { RecordRegistry } from '../../platform/records/records.routes.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';
import { filterContextFor, openExport } from '../../platform/records/records.service.ts';
import { findView } from '../../platform/records/saved-views.ts';
import { personToVcard } from '../people/index.ts';
import type { ExportJobTable } from './exports.tables.ts';

export const ExportErrors = defineErrors({
  EXPORT_NOT_READY: { status: 409, title: 'The export has not finished' },
  EXPORT_EXPIRED: { status: 410, title: 'The export file has expired; export again' },
});

export const startExportSchema = z.strictObject({
  object_type: z.string().min(1).max(64),
  format: z.enum(['csv', 'vcf']).default('csv').describe('vcf (vCard 4) for people only'),
  filter: z.record(z.string(), z.unknown()).optional().describe('A filter in the list filter language (docs/filters.md)'),
  view: z.uuid().optional().describe('A saved view whose filter applies (with `filter`, by AND)'),
  q: z.string().trim().min(1).max(200).optional(),
});

const PROGRESS_COLUMNS = [
  'id', 'object_type', 'format', 'status', 'rows_total', 'rows_done', 'file_bytes', 'error', 'created_at', 'started_at', 'finished_at', 'expires_at',
] as const;

/**
 * Queues an export of every record of a type the principal may export that matches the filter
 * (a saved view's included). The file is written by a background job; the filter is checked now,
 * so a bad one is refused before anything is queued.
 */
export async function startExport(
  ctx: ServiceContext, def: RecordTypeDef, input: z.infer<typeof startExportSchema>, dataDir: string,
  enqueue: (tx: Tx, exportId: string) => Promise<void>,
) {
  authorize(ctx.principal, def.type, 'export');
  if (input.format === 'vcf' && def.type !== 'person') {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'format', detail: 'vCard exports are for people; use csv' });
  }
  const filters: Filter[] = [];
  if (input.view) {
    const view = await findView(ctx, input.view);
    if (view.object_type !== def.type) throw PlatformErrors.VALIDATION_FAILED({ field: 'view', detail: `That view lists ${view.object_type} records` });
    if (view.filter) filters.push(parseFilter(view.filter));
  }
  if (input.filter) filters.push(parseFilter(input.filter));
  const filter = filters.length === 0 ? null : filters.length === 1 ? filters[0]! : { and: filters };
  if (filter) compileFilter(await filterContextFor(ctx, def), filter);

  return inTransaction(ctx, async (tx, ctx) => {
    const id = newId();
    const filePath = path.resolve(dataDir, 'exports', ctx.principal.workspaceId, `${id}.${input.format}`);
    const row = await tx.insertInto('export_job').values({
      workspace_id: ctx.principal.workspaceId, id, object_type: def.type, format: input.format, filter: filter ? JSON.stringify(filter) : null,
      q: input.q ?? null, actor_type: ctx.principal.kind, actor_id: ctx.principal.id, file_path: filePath, rows_total: null, file_bytes: null, error: null,
    }).returning(PROGRESS_COLUMNS).executeTakeFirstOrThrow();
    await enqueue(tx, id);
    return row;
  });
}

/** Exports are personal: only whoever asked for one sees it. */
async function findOwnExport(ctx: ServiceContext, id: string) {
  const row = await ctx.db.selectFrom('export_job').selectAll()
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).where('actor_id', '=', ctx.principal.id).executeTakeFirst();
  if (!row) throw PlatformErrors.NOT_FOUND();
  return row;
}

type ExportRow = Pick<Selectable<ExportJobTable>, (typeof PROGRESS_COLUMNS)[number]>;
const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** An export as the API shows it: times in RFC 3339, the file size as a number. */
export const presentExport = (row: ExportRow) => ({
  id: row.id, object_type: row.object_type, format: row.format, status: row.status, rows_total: row.rows_total, rows_done: row.rows_done,
  file_bytes: row.file_bytes === null ? null : Number(row.file_bytes), error: row.error,
  created_at: new Date(row.created_at).toISOString(), started_at: isoOrNull(row.started_at), finished_at: isoOrNull(row.finished_at),
  expires_at: new Date(row.expires_at).toISOString(),
});

export async function findExport(ctx: ServiceContext, id: string) {
  return presentExport(await findOwnExport(ctx, id));
}

export async function listExports(ctx: ServiceContext, limit: number) {
  const rows = await ctx.db.selectFrom('export_job').select(PROGRESS_COLUMNS)
    .where('workspace_id', '=', ctx.principal.workspaceId).where('actor_id', '=', ctx.principal.id)
    .orderBy('id', 'desc').limit(limit).execute();
  return { data: rows.map(presentExport) };
}

export async function cancelExport(ctx: ServiceContext, id: string) {
  const row = await findOwnExport(ctx, id);
  if (row.status === 'queued' || row.status === 'running') {
    await ctx.db.updateTable('export_job').set({ status: 'cancelled', finished_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();
  }
  return findExport(ctx, id);
}

/** The finished file to download, with a name that says what it holds. */
export async function openExportFile(ctx: ServiceContext, id: string) {
  const row = await findOwnExport(ctx, id);
  if (row.status === 'expired' || new Date(row.expires_at) < new Date()) throw ExportErrors.EXPORT_EXPIRED();
  if (row.status !== 'completed') throw ExportErrors.EXPORT_NOT_READY({ detail: `The export is ${row.status}` });
  const stamp = new Date(row.created_at).toISOString().slice(0, 10);
  return { stream: fs.createReadStream(row.file_path), fileName: `${row.object_type}-${stamp}.${row.format}`, format: row.format };
}

/**
 * Writes an export's file, batch by batch, updating progress as it goes. Runs as the principal
 * who asked for it, so scope and field rules apply as they would to them now. A retry starts
 * the file over; a cancellation stops at the next batch and removes the partial file.
 */
export async function runExport(db: Db, registry: RecordRegistry, target: { workspaceId: string; exportId: string }) {
  const job = await db.selectFrom('export_job').selectAll().where('workspace_id', '=', target.workspaceId).where('id', '=', target.exportId).executeTakeFirstOrThrow();
  if (job.status !== 'queued' && job.status !== 'running') return { status: job.status };
  const update = (values: Updateable<ExportJobTable>) =>
    db.updateTable('export_job').set(values).where('workspace_id', '=', target.workspaceId).where('id', '=', target.exportId).execute();
  const partPath = `${job.file_path}.part`;
  const fail = async (message: string) => {
    await fs.promises.rm(partPath, { force: true });
    await update({ status: 'failed', error: message, finished_at: new Date() });
    return { status: 'failed', error: message };
  };
  const principal = await loadJobPrincipal(db, { kind: job.actor_type, id: job.actor_id, workspaceId: target.workspaceId });
  if (!principal) return fail('Whoever asked for the export no longer has access to the workspace');
  const def = await registry.resolve(db, target.workspaceId, job.object_type);
  if (!def) return fail(`Unknown record type ${job.object_type}`);
  const ctx: ServiceContext = { db, principal };
  try {
    const { columns, batches, count } = await openExport(ctx, def, { ...(job.filter ? { filter: parseFilter(job.filter) } : {}), ...(job.q ? { q: job.q } : {}) });
    await update({ status: 'running', started_at: new Date(), rows_done: 0, rows_total: await count() });
    await fs.promises.mkdir(path.dirname(job.file_path), { recursive: true });
    const file = fs.createWriteStream(partPath);
    const csv = job.format === 'csv' ? stringify({ header: true, columns, cast: { object: (v) => JSON.stringify(v) } }) : null;
    csv?.pipe(file);
    const out = csv ?? file;
    const write = async (chunk: string | Record<string, unknown>) => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    let done = 0;
    for await (const batch of batches) {
      for (const row of batch) await write(job.format === 'csv' ? row : personToVcard(row));
      done += batch.length;
      const current = await db.selectFrom('export_job').select('status').where('workspace_id', '=', target.workspaceId).where('id', '=', target.exportId).executeTakeFirstOrThrow();
      if (current.status === 'cancelled') {
        out.end();
        await fs.promises.rm(partPath, { force: true });
        return { status: 'cancelled' };
      }
      await update({ rows_done: done });
    }
    out.end();
    await once(file, 'finish');
    await fs.promises.rename(partPath, job.file_path);
    const { size } = await fs.promises.stat(job.file_path);
    await update({ status: 'completed', rows_done: done, file_bytes: size, finished_at: new Date() });
    return { status: 'completed', rows: done, bytes: size };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** Removes the files of expired exports. */
export async function expireExports(db: Db): Promise<number> {
  const expired = await db.updateTable('export_job').set({ status: 'expired' })
    .where('expires_at', '<', new Date()).where('status', '<>', 'expired').returning('file_path').execute();
  for (const { file_path } of expired) {
    await fs.promises.rm(file_path, { force: true });
    await fs.promises.rm(`${file_path}.part`, { force: true });
  }
  return expired.length;
}
