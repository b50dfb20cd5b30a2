import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { loadJobPrincipal } from '../../platform/auth/auth.service.ts';
import { authorize, type RecordScope } from '../../platform/auth/permissions.ts';
import { auditRow, diffFields, writeAudit } from '../../platform/audit/audit.service.ts';
import { emitEvent, eventRow } from '../../platform/events/events.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { customFieldDefs } from '../../platform/records/custom-fields.ts';
import type { RecordRegistry } from '../../platform/records/records.routes.ts';
import { recordEventPayload, updateRecord } from '../../platform/records/records.service.ts';
import { storedColumns, type RecordFieldDef, type RecordRow, type RecordTypeDef } from '../../platform/records/record-type.ts';
import { codeOfIssue, type ImportRowErrorCode } from './import-error-codes.ts';
import { readCell } from './import-values.ts';
import './imports.tables.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const IMPORT_BATCH_SIZE = 5000;
/** New rows an import writes before it first refreshes the table's statistics. */
const ANALYZE_AFTER_ROWS = 5_000;
/** Rows per INSERT statement, well under PostgreSQL's 65,535 bind parameters for any record type. */
const INSERT_CHUNK = 500;

export interface ImportProgress {
  rows_processed: number;
  bytes_processed: number;
  file_bytes: number;
  rows_created: number;
  rows_updated: number;
  rows_skipped: number;
  rows_failed: number;
}

interface RowError {
  row_number: number;
  column_name: string;
  value: string | null;
  message: string;
  code: ImportRowErrorCode;
}

interface PreparedRow {
  rowNumber: number;
  /** Set when the row becomes a new record. */
  id?: string;
  /** Field name (custom ones as custom.<key>) → value in stored form. */
  values: Record<string, unknown>;
}

interface PreparedBatch {
  size: number;
  bytesRead: number;
  inserts: PreparedRow[];
  updates: { id: string; row: PreparedRow }[];
  skipped: number;
  /** Rows folded into an earlier row of the same batch. */
  merged: number;
  errors: RowError[];
  /** Dedupe keys of the new records → their ids. */
  keys: Map<string, string>;
}

/** Opens the uploaded file as CSV records, gunzipping if needed; counts the file bytes read for progress. */
export function openCsv(file: { path: string; delimiter: string }, onBytes?: (n: number) => void) {
  const stream = fs.createReadStream(file.path);
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  const parser = parse({ delimiter: file.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true });
  return { records: isGzipFile(file.path) ? stream.pipe(createGunzip()).pipe(parser) : stream.pipe(parser), close: () => stream.destroy() };
}

export function isGzipFile(path: string): boolean {
  const fd = fs.openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    fs.readSync(fd, magic, 0, 2, 0);
    return magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The delimiter of a header line: the most frequent of ; , and tab (Russian spreadsheets export ;). */
export function detectDelimiter(headerLine: string): string {
  const counts = [';', ',', '\t'].map((d) => [d, headerLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/** Narrows a query to a type's rows when it shares its table (a custom object's slice of custom_record). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const inPartition = <Q extends SelectQueryBuilder<any, any, any>>(query: Q, def: RecordTypeDef): Q =>
  (def.partition ? query.where(def.partition.column, '=', def.partition.value) : query) as Q;

/** The column that files a new record under its type in a shared table. */
const partitionColumn = (def: RecordTypeDef) => (def.partition ? { [def.partition.column]: def.partition.value } : {});

function applyScope<Q extends { where: (...args: never[]) => Q }>(query: Q, scope: RecordScope): Q {
  if (scope.kind === 'all') return query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = query as any;
  return (scope.ownerIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('owner_id', 'in', scope.ownerIds)) as Q;
}

/**
 * One batch of rows: read and validate every cell, match duplicates, then write in one
 * transaction with the errors and the job's checkpoint, so a crash never half-imports a batch.
 */
class BatchImporter {
  readonly #ctx: ServiceContext;
  readonly #def: RecordTypeDef;
  readonly #fields: RecordFieldDef[];
  readonly #plan: { index: number; column: string; field: RecordFieldDef }[];
  readonly #job: { id: string; dedupe_mode: string; is_dry_run: boolean };
  readonly #region: string;
  readonly #resolve: (type: string) => RecordTypeDef | undefined;
  readonly #scopes: { read: RecordScope };

  constructor(options: {
    ctx: ServiceContext; def: RecordTypeDef; fields: RecordFieldDef[]; columns: string[]; mapping: Record<string, string | null>;
    job: { id: string; dedupe_mode: string; is_dry_run: boolean }; region: string; resolve: (type: string) => RecordTypeDef | undefined;
  }) {
    this.#ctx = options.ctx;
    this.#def = options.def;
    this.#fields = options.fields;
    this.#job = options.job;
    this.#region = options.region;
    this.#resolve = options.resolve;
    this.#scopes = { read: authorize(options.ctx.principal, options.def.type, 'read') };
    this.#plan = options.columns.flatMap((column, index) => {
      const target = options.mapping[column];
      const field = target ? options.fields.find((f) => f.name === target) : undefined;
      return field ? [{ index, column, field }] : [];
    });
  }

  #columnOf(fieldName: string): string {
    return this.#plan.find((p) => p.field.name === fieldName)?.column ?? fieldName;
  }

  /** A row's cells as stored values, or the reasons it can't be imported. */
  #prepare(rowNumber: number, cells: string[], errors: RowError[]): PreparedRow | null {
    const values: Record<string, unknown> = {};
    const before = errors.length;
    for (const { index, column, field } of this.#plan) {
      const text = (cells[index] ?? '').trim();
      if (text === '') continue;
      const cell = readCell(field, text);
      if ('error' in cell) {
        errors.push({ row_number: rowNumber, column_name: column, value: text, message: cell.error, code: cell.code });
        continue;
      }
      const parsed = field.schema.safeParse(cell.value);
      if (!parsed.success) {
        errors.push({ row_number: rowNumber, column_name: column, value: text, message: parsed.error.issues[0]?.message ?? 'Invalid value', code: codeOfIssue(parsed.error.issues[0]) });
        continue;
      }
      let value = parsed.data;
      if (field.normalise && typeof value === 'string') {
        const normalised = field.normalise(value, { defaultRegion: this.#region });
        if (normalised === null) {
          errors.push({ row_number: rowNumber, column_name: column, value: text, message: `Not a valid ${field.kind} for region ${this.#region}`, code: 'INVALID_FOR_REGION' });
          continue;
        }
        value = normalised;
      }
      values[field.name] = value;
    }
    for (const field of this.#fields) {
      if (field.isRequired && values[field.name] === undefined && !errors.slice(before).some((e) => e.column_name === this.#columnOf(field.name))) {
        errors.push({ row_number: rowNumber, column_name: this.#columnOf(field.name), value: null, message: `${field.name} is required`, code: 'REQUIRED' });
      }
    }
    if (errors.length === before && this.#def.assertValid) {
      try {
        this.#def.assertValid(values);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ row_number: rowNumber, column_name: this.#columnOf(error.field ?? ''), value: null, message: error.message, code: 'RECORD_RULE' });
      }
    }
    return errors.length === before ? { rowNumber, values } : null;
  }

  /** Drops rows whose reference fields point at nothing, naming the column. */
  async #checkReferences(rows: PreparedRow[], errors: RowError[]): Promise<PreparedRow[]> {
    let valid = rows;
    for (const field of this.#fields.filter((f) => f.kind === 'reference' && f.references)) {
      const target = this.#resolve(field.references!);
      const ids = [...new Set(valid.map((r) => r.values[field.name]).filter((v): v is string => typeof v === 'string'))];
      if (!target || ids.length === 0) continue;
      const found = new Set((await inPartition((this.#ctx.db as unknown as AnyDb).selectFrom(target.table).select('id'), target)
        .where('workspace_id', '=', this.#ctx.principal.workspaceId).where('id', 'in', ids).execute()).map((r) => r.id as string));
      valid = valid.filter((row) => {
        const id = row.values[field.name];
        if (typeof id !== 'string' || found.has(id)) return true;
        errors.push({ row_number: row.rowNumber, column_name: this.#columnOf(field.name), value: id, message: `No ${field.references} with this id`, code: 'REFERENCE_NOT_FOUND' });
        return false;
      });
    }
    return valid;
  }

  /**
   * Existing records sharing a dedupe key with these rows, by "field:value". One lookup per key,
   * each value probing the key's index on its own: the statement is prepared once and its plan
   * reused, so it must not depend on the table's size when it was planned. (An `= any(array)`
   * filter planned while the table was small scans the whole workspace later, comparing every row
   * with every value.)
   */
  async #findMatches(rows: PreparedRow[]): Promise<Map<string, string>> {
    const matches = new Map<string, string>();
    if (this.#job.dedupe_mode === 'create') return matches;
    const workspaceId = this.#ctx.principal.workspaceId;
    for (const key of this.#def.dedupeKeys ?? []) {
      const values = [...new Set(rows.map((r) => r.values[key]).filter((v): v is string => typeof v === 'string'))];
      if (values.length === 0) continue;
      let match = inPartition((this.#ctx.db as unknown as AnyDb).selectFrom(this.#def.table).select('id'), this.#def)
        .where('workspace_id', '=', workspaceId).where(sql.ref(key), '=', sql.ref('k.v')).limit(1);
      match = applyScope(match, this.#scopes.read);
      const found = await sql<{ v: string; id: string }>`
        select k.v, m.id from unnest(${values}::text[]) as k(v) cross join lateral (${match}) as m`.execute(this.#ctx.db);
      for (const row of found.rows) matches.set(`${key}:${row.v}`, row.id);
    }
    return matches;
  }

  /**
   * Reads, validates and matches a batch without writing. `inFlight` holds the keys of the batch
   * still being written, which lookups can't see yet: a row repeating one of them updates it.
   */
  async prepare(batch: { rowNumber: number; cells: string[] }[], bytesRead: number, inFlight: ReadonlyMap<string, string>): Promise<PreparedBatch> {
    const errors: RowError[] = [];
    const prepared = batch.map((row) => this.#prepare(row.rowNumber, row.cells, errors)).filter((r): r is PreparedRow => r !== null);
    const valid = await this.#checkReferences(prepared, errors);
    const existing = await this.#findMatches(valid);
    const keys = this.#job.dedupe_mode === 'create' ? [] : (this.#def.dedupeKeys ?? []);

    // Rows that match a stored record update (or skip) it; rows that match an earlier row of the
    // batch fold into it, later values winning; the rest are new.
    const inserts: PreparedRow[] = [];
    const pendingByKey = new Map<string, PreparedRow>();
    const updates: { id: string; row: PreparedRow }[] = [];
    let skipped = 0;
    for (const row of valid) {
      const rowKeys = keys.filter((k) => typeof row.values[k] === 'string').map((k) => `${k}:${String(row.values[k])}`);
      const storedId = rowKeys.map((k) => existing.get(k) ?? inFlight.get(k)).find(Boolean);
      const pending = rowKeys.map((k) => pendingByKey.get(k)).find(Boolean);
      if (storedId || pending) {
        if (this.#job.dedupe_mode === 'skip') skipped += 1;
        else if (storedId) updates.push({ id: storedId, row });
        else Object.assign(pending!.values, row.values);
        continue;
      }
      row.id = newId();
      inserts.push(row);
      for (const k of rowKeys) pendingByKey.set(k, row);
    }
    return {
      size: batch.length, bytesRead, inserts, updates, skipped, errors,
      merged: valid.length - inserts.length - updates.length - skipped,
      keys: new Map([...pendingByKey].map(([key, row]) => [key, row.id!])),
    };
  }

  /**
   * Writes a prepared batch with its errors and the job's checkpoint, in one transaction that
   * moves the checkpoint from `from` to `to`. `earlier` is the previous batch's write, which may
   * still be running: this batch's new rows go in alongside it (the database has two cores' worth
   * of index upkeep to do), then the transaction waits for it before updating records, which may
   * be that batch's new ones, and before moving the checkpoint, so batches commit in file order.
   */
  async write(batch: PreparedBatch, from: ImportProgress, to: ImportProgress, earlier: Promise<unknown>): Promise<void> {
    await this.#ctx.db.transaction().execute(async (tx) => {
      const ctx = { ...this.#ctx, db: tx };
      if (!this.#job.is_dry_run) await this.#insert(tx, ctx, batch.inserts);
      await earlier;
      if (!this.#job.is_dry_run) await this.#update(tx, ctx, batch.updates);
      for (let i = 0; i < batch.errors.length; i += INSERT_CHUNK) {
        await tx.insertInto('import_error')
          .values(batch.errors.slice(i, i + INSERT_CHUNK).map((e) => ({ ...e, workspace_id: ctx.principal.workspaceId, import_id: this.#job.id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      // The checkpoint moves only from where this run found it: if another run of the same import
      // (a retry overlapping a slow attempt) got here first, this batch rolls back.
      const moved = await tx.updateTable('import_job').set({ ...to })
        .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', this.#job.id)
        .where('rows_processed', '=', from.rows_processed).where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new ImportInterrupted();
    });
  }

  /**
   * Applies the file's values to matched records. Types with their own update hooks go through
   * the record service one by one; the rest in one UPDATE per batch, each record still getting
   * its field-level audit entry and `<type>.updated` event.
   */
  async #update(tx: Tx, ctx: ServiceContext, updates: { id: string; row: PreparedRow }[]): Promise<void> {
    if (updates.length === 0) return;
    if (this.#def.onUpdated || this.#def.assertValid) {
      for (const { id, row } of updates) await updateRecord(ctx, this.#def, id, this.#asInput(row.values), this.#resolve);
      return;
    }
    // Several rows of one batch may update the same record: the later values win.
    const byId = new Map<string, Record<string, unknown>>();
    for (const { id, row } of updates) byId.set(id, { ...byId.get(id), ...row.values });
    const ids = [...byId.keys()];
    const before = new Map((await (tx as unknown as AnyDb).selectFrom(this.#def.table).select(storedColumns(this.#def))
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', 'in', ids).forUpdate().execute()).map((r) => [r.id as string, r as RecordRow]));
    const audited = ['owner_id', ...this.#fields.map((f) => f.name)];
    const docs: Record<string, unknown>[] = [];
    const audits = [];
    const events = [];
    for (const [id, values] of byId) {
      const row = before.get(id);
      if (!row) continue;
      const { columns, custom } = this.#split(values);
      const mergedCustom = { ...(row.custom as Record<string, unknown>), ...custom };
      const flat = (r: Record<string, unknown>, c: Record<string, unknown>) => ({ ...r, ...Object.fromEntries(Object.entries(c).map(([k, v]) => [`custom.${k}`, v])) });
      const changes = diffFields(flat(row, row.custom as Record<string, unknown>), flat({ ...row, ...columns }, mergedCustom), audited);
      if (Object.keys(changes).length === 0) continue;
      docs.push({ id, ...columns, custom: mergedCustom });
      audits.push(auditRow(ctx, { entityType: this.#def.type, entityId: id, action: 'update', changes }));
      events.push(eventRow(ctx, {
        name: `${this.#def.type}.updated`, entityType: this.#def.type, entityId: id,
        payload: recordEventPayload(this.#def, { ...row, ...columns } as RecordRow, changes),
      }));
    }
    if (docs.length === 0) return;
    const columns = [...new Set(docs.flatMap((d) => Object.keys(d)))].filter((c) => c !== 'id');
    // jsonb_populate_record casts each value to its column's type; absent keys keep the stored value.
    await sql`
      update ${sql.table(this.#def.table)} t set
        ${sql.join(columns.map((c) => sql`${sql.ref(c)} = case when v.doc ? ${c} then (v.r).${sql.ref(c)} else t.${sql.ref(c)} end`))},
        updated_at = now()
      from (
        select (x ->> 'id')::uuid as id, x as doc, jsonb_populate_record(null::${sql.table(this.#def.table)}, x) as r
        from jsonb_array_elements(${JSON.stringify(docs)}::jsonb) as x
      ) v
      where t.workspace_id = ${ctx.principal.workspaceId} and t.id = v.id`.execute(tx);
    await tx.insertInto('audit_log').values(audits).execute();
    await tx.insertInto('domain_event').values(events).execute();
  }

  #split(values: Record<string, unknown>): { columns: Record<string, unknown>; custom: Record<string, unknown> } {
    const columns: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      if (name.startsWith('custom.')) custom[name.slice('custom.'.length)] = value;
      else columns[name] = value;
    }
    return { columns, custom };
  }

  /** The API's input shape for an update: custom values under `custom`. */
  #asInput(values: Record<string, unknown>): Record<string, unknown> {
    const { columns, custom } = this.#split(values);
    return Object.keys(custom).length > 0 ? { ...columns, custom } : columns;
  }

  /**
   * New records go in as multi-row INSERTs. The batch is audited as one 'import' entry listing
   * the ids, and announced as one `<type>.imported` event, instead of one of each per row.
   */
  async #insert(tx: Tx, ctx: ServiceContext, rows: PreparedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const ids: string[] = [];
    const records = rows.map((row) => {
      const { columns, custom } = this.#split(row.values);
      const id = row.id!;
      ids.push(id);
      return { ...columns, ...partitionColumn(this.#def), workspace_id: ctx.principal.workspaceId, id, owner_id: ctx.principal.userId, custom };
    });
    // One statement per set of filled columns, the rows passed as one JSON document and cast by
    // the table's own row type: far cheaper than thousands of bind parameters. Columns a row
    // leaves out take their defaults, as they would through the API.
    const groups = new Map<string, Record<string, unknown>[]>();
    for (const record of records) {
      const key = Object.keys(record).sort().join(',');
      const group = groups.get(key);
      if (group) group.push(record);
      else groups.set(key, [record]);
    }
    const table = sql.table(this.#def.table);
    for (const [key, group] of groups) {
      const names = key.split(',').map((n) => sql.ref(n));
      await sql`insert into ${table} (${sql.join(names)})
        select ${sql.join(names)} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(group)}::jsonb)`.execute(tx);
    }
    await writeAudit(tx, ctx, {
      entityType: this.#def.type, entityId: null, action: 'import', changes: { import_id: { after: this.#job.id }, created: { after: ids } },
    });
    await emitEvent(tx, ctx, { name: `${this.#def.type}.imported`, entityType: this.#def.type, payload: { import_id: this.#job.id, ids } });
  }
}

/**
 * Keeps the planner's row estimate of the target table in step with an import that grows it.
 * The import's statements are prepared once and their plans reused; a plan made while the table
 * held a thousand rows (a hash join over the whole table, say) is ruinous at a million, and
 * autovacuum analyzes only once a minute at best. Analyzing each time the table has doubled
 * (a few times per million rows, a fraction of a second each) also invalidates those plans.
 */
class TableStatistics {
  #nextAt: number;

  /** `rowsBefore`: the table's size when the import started, as far as the planner knows. */
  private constructor(readonly db: Db, readonly table: string, readonly rowsBefore: number, createdSoFar: number) {
    this.#nextAt = createdSoFar + Math.max(ANALYZE_AFTER_ROWS, rowsBefore + createdSoFar);
  }

  static async track(db: Db, table: string, createdSoFar: number): Promise<TableStatistics> {
    const estimate = await sql<{ rows: number }>`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = ${table}::regclass`.execute(db);
    return new TableStatistics(db, table, Number(estimate.rows[0]?.rows ?? 0), createdSoFar);
  }

  async afterWrite(created: number): Promise<void> {
    if (created < this.#nextAt) return;
    await sql`analyze ${sql.table(this.table)}`.execute(this.db);
    this.#nextAt = created + this.rowsBefore + created;
  }
}

/** The job's counters once a batch is written. */
function progressAfter(progress: ImportProgress, batch: PreparedBatch): ImportProgress {
  return {
    ...progress,
    rows_processed: progress.rows_processed + batch.size,
    bytes_processed: batch.bytesRead,
    rows_created: progress.rows_created + batch.inserts.length,
    rows_updated: progress.rows_updated + batch.updates.length + batch.merged,
    rows_skipped: progress.rows_skipped + batch.skipped,
    rows_failed: progress.rows_failed + new Set(batch.errors.map((e) => e.row_number)).size,
  };
}

/** The import was cancelled, or another run of it moved on, while this batch was prepared. */
class ImportInterrupted extends Error {
  constructor() {
    super('The import was cancelled or is being run elsewhere');
  }
}

export type ImportOutcome = ImportProgress & { status: 'completed' | 'cancelled' | 'failed'; error?: string };

/**
 * Runs (or resumes) an import as the principal who started it. Reads the file as a stream, so
 * its size doesn't matter; rows before the saved checkpoint are skipped on resume.
 */
export async function runImport(
  db: Db,
  registry: RecordRegistry,
  target: { workspaceId: string; importId: string },
  options: { batchSize?: number; onProgress?(progress: ImportProgress): void } = {},
): Promise<ImportOutcome> {
  const job = await db.selectFrom('import_job').selectAll().where('workspace_id', '=', target.workspaceId).where('id', '=', target.importId).executeTakeFirstOrThrow();
  const progress: ImportProgress = {
    rows_processed: job.rows_processed, bytes_processed: job.bytes_processed, file_bytes: Number(job.file_bytes),
    rows_created: job.rows_created, rows_updated: job.rows_updated, rows_skipped: job.rows_skipped, rows_failed: job.rows_failed,
  };
  if (job.status === 'completed' || job.status === 'cancelled' || job.status === 'failed') return { ...progress, status: job.status };
  const finish = async (status: 'completed' | 'cancelled' | 'failed', error?: string) => {
    await db.updateTable('import_job').set({ status, finished_at: new Date(), error: error ?? null })
      .where('workspace_id', '=', target.workspaceId).where('id', '=', target.importId).execute();
    return { ...progress, status, ...(error ? { error } : {}) };
  };

  const principal = await loadJobPrincipal(db, { kind: job.actor_type, id: job.actor_id, workspaceId: target.workspaceId });
  if (!principal) return finish('failed', 'Whoever started the import no longer has access to the workspace');
  // The workspace's own types too: the import may be into a custom object, or fill relations to one.
  const types = await registry.forWorkspace(db, target.workspaceId);
  const typeOf = (type: string) => types.find((candidate) => candidate.type === type);
  const def = typeOf(job.object_type);
  if (!def) return finish('failed', `Unknown record type ${job.object_type}`);
  const ctx: ServiceContext = { db, principal };
  try {
    authorize(principal, def.type, 'create');
    if (job.dedupe_mode === 'update') authorize(principal, def.type, 'update');
  } catch (error) {
    return finish('failed', (error as Error).message);
  }
  await db.updateTable('import_job').set({ status: 'running', started_at: job.started_at ?? new Date() })
    .where('workspace_id', '=', target.workspaceId).where('id', '=', target.importId).execute();

  const workspace = await db.selectFrom('workspace').select('default_region').where('id', '=', target.workspaceId).executeTakeFirstOrThrow();
  const fields = [...def.fields, ...(await customFieldDefs(ctx, def.type))];
  const importer = new BatchImporter({
    ctx, def, fields, columns: job.columns, mapping: job.mapping ?? {}, job, region: workspace.default_region, resolve: typeOf,
  });
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const statistics = await TableStatistics.track(db, def.table, progress.rows_created);
  let bytesRead = 0;
  const csv = openCsv({ path: job.file_path, delimiter: job.delimiter }, (n) => (bytesRead += n));
  let rowNumber = 0;
  let batch: { rowNumber: number; cells: string[] }[] = [];
  const isCancelled = async () => (await db.selectFrom('import_job').select('status')
    .where('workspace_id', '=', target.workspaceId).where('id', '=', target.importId).executeTakeFirstOrThrow()).status === 'cancelled';
  // Two batches are written at a time while the next one is read and checked: this process and
  // the database work at once. A batch is checked only once the batch two before it has
  // committed; the keys of the one still being written are passed along, as lookups can't see
  // them yet. Batches commit in file order (see BatchImporter.write).
  let latest: Promise<void> = Promise.resolve();
  let older: Promise<void> = Promise.resolve();
  let planned = { ...progress };
  let inFlight: ReadonlyMap<string, string> = new Map();
  const submit = async (rows: typeof batch) => {
    await older;
    const prepared = await importer.prepare(rows, bytesRead, inFlight);
    if (await isCancelled()) throw new ImportInterrupted();
    inFlight = prepared.keys;
    const from = planned;
    const to = progressAfter(from, prepared);
    planned = to;
    const write = importer.write(prepared, from, to, latest).then(async () => {
      Object.assign(progress, to);
      options.onProgress?.(progress);
      await statistics.afterWrite(progress.rows_created);
    });
    // Keep the rejection for whoever awaits it next, without an unhandled-rejection warning.
    write.catch(() => {});
    older = latest;
    latest = write;
  };
  try {
    for await (const cells of csv.records as AsyncIterable<string[]>) {
      rowNumber += 1;
      // Row 1 is the header; data rows before the checkpoint were imported by an earlier run.
      if (rowNumber === 1 || rowNumber - 1 <= job.rows_processed) continue;
      batch.push({ rowNumber, cells });
      if (batch.length < batchSize) continue;
      await submit(batch);
      batch = [];
    }
    if (batch.length > 0) await submit(batch);
    await latest;
    progress.bytes_processed = progress.file_bytes;
    await db.updateTable('import_job').set({ bytes_processed: progress.file_bytes })
      .where('workspace_id', '=', target.workspaceId).where('id', '=', target.importId).execute();
    options.onProgress?.(progress);
  } catch (error) {
    await latest.catch(() => {});
    if (error instanceof ImportInterrupted) return { ...progress, status: 'cancelled' };
    // Batches are all-or-nothing, so what was written stays consistent; the report says why it stopped.
    return finish('failed', error instanceof Error ? error.message : String(error));
  } finally {
    csv.close();
  }
  await db.transaction().execute((tx) => emitEvent(tx, ctx, {
    name: 'import.completed', entityType: 'import', entityId: target.importId,
    payload: { object_type: def.type, rows_created: progress.rows_created, rows_updated: progress.rows_updated, rows_failed: progress.rows_failed },
  }));
  return finish('completed');
}
