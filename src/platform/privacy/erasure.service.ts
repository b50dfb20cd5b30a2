import fs from 'node:fs';
import { sql } from 'kysely';
import { recordChange } from '../changes.ts';
import { inTransaction, type ServiceContext } from '../context.ts';
import type { Db, Tx } from '../db/database.ts';
import { defineErrors, PlatformErrors } from '../errors.ts';
import { customFieldDefs } from '../records/custom-fields.ts';
import type { RecordRegistry } from '../records/records.routes.ts';
import type { RecordFieldDef, RecordTypeDef } from '../records/record-type.ts';
import { authorize } from '../auth/permissions.ts';
import {
  identifierPatterns, mergeIdentifiers, personalFieldNames, scrubColumns, textArray, uuidArray,
  type ErasedRecords, type ErasureContext, type ErasureCounts, type PersonalDataHook, type Subject, type SubjectRef,
} from './personal-data.ts';
import './privacy.tables.ts';

export const PrivacyErrors = defineErrors({
  ERASURE_NOT_CONFIRMED: { status: 422, title: 'Type the id of the person to confirm the erasure' },
  SUBJECT_ACCESS_NOT_READY: { status: 409, title: 'The subject-access export has not finished' },
  SUBJECT_ACCESS_EXPIRED: { status: 410, title: 'The subject-access export has expired; request it again' },
});

/** What the privacy services need: every module's hook, in module order, and the record types. */
export interface PrivacyDeps {
  hooks: { module: string; hook: PersonalDataHook }[];
  records: RecordRegistry;
}

/** The hooks of the modules that declare one, in module order. */
export function privacyDepsOf(modules: { name: string; personalData?: PersonalDataHook }[], records: RecordRegistry): PrivacyDeps {
  return { records, hooks: modules.flatMap((m) => (m.personalData ? [{ module: m.name, hook: m.personalData }] : [])) };
}

class ErasedRecordSet implements ErasedRecords {
  readonly #byType = new Map<string, Set<string>>();
  add(type: string, ids: readonly string[]) {
    const set = this.#byType.get(type) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.#byType.set(type, set);
  }
  ids(type: string) {
    return [...(this.#byType.get(type) ?? [])];
  }
  all() {
    return [...this.#byType].map(([type, ids]) => ({ type, ids: [...ids] }));
  }
}

/** The record a subject is, checked to exist in the workspace (404 otherwise, like any record). */
export async function assertSubjectExists(db: Db, records: RecordRegistry, workspaceId: string, ref: SubjectRef): Promise<RecordTypeDef> {
  const def = records.get(ref.type);
  if (!def) throw PlatformErrors.NOT_FOUND();
  const found = await sql`select 1 from ${sql.table(def.table)} where workspace_id = ${workspaceId} and id = ${ref.id}`.execute(db);
  if (found.rows.length === 0) throw PlatformErrors.NOT_FOUND();
  return def;
}

/** Every identifier the modules know the subject by, and the patterns that find them in free text. */
export async function resolveSubject(ctx: ServiceContext, deps: PrivacyDeps, ref: SubjectRef): Promise<Subject> {
  const parts = [];
  for (const { hook } of deps.hooks) if (hook.identify) parts.push(await hook.identify(ctx, ref));
  const identifiers = mergeIdentifiers(parts);
  const patterns = identifierPatterns(identifiers);
  // A lead's email may also be a live customer's (it was converted): erasing a lead scrubs only
  // the lead's own rows, never the workspace's free text.
  return { ...ref, identifiers, ...patterns, contactPattern: ref.type === 'lead' ? null : patterns.contactPattern };
}


/**
 * The platform's own tables. Audit entries and events about the erased records lose their
 * personal values (the entries themselves stay: who did what, when); every audit entry, event,
 * stored idempotent response, saved view and queued job of the workspace loses the subject's
 * emails and phones wherever they appear as text.
 */
async function erasePlatformData(ctx: ErasureContext, subject: Subject, erased: ErasedRecords): Promise<ErasureCounts> {
  const tx = ctx.db;
  const workspaceId = ctx.principal.workspaceId;
  const counts: ErasureCounts = { audit_log: 0, domain_event: 0, idempotency_key: 0, saved_view: 0, job: 0 };
  for (const { type, ids } of erased.all()) {
    if (ids.length === 0) continue;
    const found = await ctx.fieldsOf(type);
    const names = found ? personalFieldNames(found) : [];
    const about = sql`entity_type = ${type} and entity_id = any(${uuidArray(ids)})`;
    if (names.length > 0) {
      const fields = textArray(names);
      const audit = await sql`
        update audit_log set changes = rapport_erase_changes(changes, ${fields})
        where workspace_id = ${workspaceId} and ${about} and changes ?| ${fields} and changes <> rapport_erase_changes(changes, ${fields})`.execute(tx);
      counts.audit_log! += Number(audit.numAffectedRows ?? 0);
      const events = await sql`
        update domain_event set payload = jsonb_set(payload, '{changes}', rapport_erase_changes(payload -> 'changes', ${fields}))
        where workspace_id = ${workspaceId} and ${about} and jsonb_typeof(payload -> 'changes') = 'object'
          and payload -> 'changes' <> rapport_erase_changes(payload -> 'changes', ${fields})`.execute(tx);
      counts.domain_event! += Number(events.numAffectedRows ?? 0);
    }
    const titles = await sql`
      update domain_event set payload = jsonb_set(payload, '{title}', to_jsonb(${'[erased]'}::text))
      where workspace_id = ${workspaceId} and ${about} and jsonb_typeof(payload -> 'title') = 'string' and payload ->> 'title' <> '[erased]'`.execute(tx);
    counts.domain_event! += Number(titles.numAffectedRows ?? 0);
    // Entries about the subject's own records may name them in any field (a conversion's summary).
    counts.audit_log! += await scrubColumns(tx, { table: 'audit_log', workspaceId, columns: [{ name: 'changes', type: 'jsonb' }], pattern: subject.ownPattern, where: about });
    counts.domain_event! += await scrubColumns(tx, { table: 'domain_event', workspaceId, columns: [{ name: 'payload', type: 'jsonb' }], pattern: subject.ownPattern, where: about });
    counts.idempotency_key! += await scrubColumns(tx, {
      table: 'idempotency_key', workspaceId, columns: [{ name: 'response_body', type: 'jsonb' }], pattern: subject.ownPattern,
      where: sql`response_body ->> 'id' = any(${textArray(ids)})`,
    });
  }
  const pattern = subject.contactPattern;
  counts.audit_log! += await scrubColumns(tx, { table: 'audit_log', workspaceId, columns: [{ name: 'changes', type: 'jsonb' }], pattern });
  counts.domain_event! += await scrubColumns(tx, { table: 'domain_event', workspaceId, columns: [{ name: 'payload', type: 'jsonb' }], pattern });
  counts.idempotency_key! += await scrubColumns(tx, { table: 'idempotency_key', workspaceId, columns: [{ name: 'response_body', type: 'jsonb' }], pattern });
  counts.saved_view! += await scrubColumns(tx, { table: 'saved_view', workspaceId, columns: [{ name: 'filter', type: 'jsonb' }, { name: 'name', type: 'text' }], pattern });
  counts.job! += await scrubJobs(tx, workspaceId, pattern);
  return counts;
}

/** Queued and archived jobs of this workspace (event deliveries carry the event) lose the identifiers too. */
async function scrubJobs(tx: Tx, workspaceId: string, pattern: string | null): Promise<number> {
  if (!pattern) return 0;
  let changed = 0;
  for (const table of ['job', 'archive']) {
    const exists = await sql<{ t: string | null }>`select to_regclass(${`pgboss.${table}`})::text as t`.execute(tx);
    if (!exists.rows[0]?.t) continue;
    const result = await sql`
      update ${sql.table(`pgboss.${table}`)} set data = rapport_scrub_jsonb(data, ${pattern})
      where (data ->> 'workspaceId' = ${workspaceId} or data ->> 'workspace_id' = ${workspaceId}) and data::text ~* ${pattern}`.execute(tx);
    changed += Number(result.numAffectedRows ?? 0);
  }
  return changed;
}

/** Subject-access files about the person are personal data too: they go at once. */
async function removeSubjectAccessFiles(tx: Tx, workspaceId: string, personId: string): Promise<number> {
  const rows = await tx.updateTable('subject_access_request').set({ status: 'expired' })
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).where('status', '<>', 'expired')
    .returning('file_path').execute();
  for (const { file_path } of rows) {
    for (const suffix of ['.json', '.html', '.json.part', '.html.part']) await fs.promises.rm(`${file_path}${suffix}`, { force: true });
  }
  return rows.length;
}

function addCounts(into: ErasureCounts, counts: ErasureCounts, prefix: string) {
  for (const [kind, n] of Object.entries(counts)) if (n > 0) into[`${prefix}.${kind}`] = (into[`${prefix}.${kind}`] ?? 0) + n;
}

export interface ErasureOutcome {
  subject_type: SubjectRef['type'];
  subject_id: string;
  counts: ErasureCounts;
  total: number;
}

/**
 * Erases a subject's personal data across every module, in one transaction: all of it or none.
 * The audit entry it writes says what kinds were erased and how many, never a value. Running it
 * again finds nothing left and writes nothing.
 */
export async function eraseSubject(ctx: ServiceContext, deps: PrivacyDeps, ref: SubjectRef, reason: 'request' | 'retention'): Promise<ErasureOutcome> {
  authorize(ctx.principal, 'personal_data', 'delete');
  return inTransaction(ctx, async (tx, txCtx) => {
    await assertSubjectExists(tx, deps.records, ctx.principal.workspaceId, ref);
    // Lets the append-only tables' triggers accept this transaction's rewrites (platform migration 0005).
    await sql`select set_config('rapport.erasure', ${`${ref.type}:${ref.id}`}, true)`.execute(tx);
    const subject = await resolveSubject(txCtx, deps, ref);
    const erased = new ErasedRecordSet();
    erased.add(ref.type, [ref.id]);
    const fieldCache = new Map<string, { def: RecordTypeDef; fields: RecordFieldDef[] } | undefined>();
    const erasureCtx: ErasureContext = {
      ...txCtx, db: tx,
      async fieldsOf(type) {
        if (!fieldCache.has(type)) {
          const def = await deps.records.resolve(tx, ctx.principal.workspaceId, type);
          fieldCache.set(type, def ? { def, fields: [...def.fields, ...(await customFieldDefs(txCtx, type))] } : undefined);
        }
        return fieldCache.get(type);
      },
    };
    const counts: ErasureCounts = {};
    for (const { module, hook } of deps.hooks) addCounts(counts, await hook.erase(erasureCtx, subject, erased), module);
    addCounts(counts, await erasePlatformData(erasureCtx, subject, erased), 'platform');
    if (ref.type === 'person') addCounts(counts, { subject_access_request: await removeSubjectAccessFiles(tx, ctx.principal.workspaceId, ref.id) }, 'platform');
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (total > 0) {
      await recordChange(tx, txCtx, {
        entityType: ref.type, entityId: ref.id, action: 'erase', event: 'personal_data.erased',
        changes: { erased: { after: { reason, counts } } },
        payload: { subject_type: ref.type, subject_id: ref.id, reason, counts },
      });
    }
    return { subject_type: ref.type, subject_id: ref.id, counts, total };
  });
}

/** A person's erasure on request: the body must repeat the person's id, so it is never a slip. */
export async function erasePerson(ctx: ServiceContext, deps: PrivacyDeps, personId: string, confirm: string): Promise<ErasureOutcome> {
  authorize(ctx.principal, 'personal_data', 'delete');
  // An unknown person answers 404 whatever the confirmation says, so ids can't be probed.
  await assertSubjectExists(ctx.db, deps.records, ctx.principal.workspaceId, { type: 'person', id: personId });
  if (confirm.trim().toLowerCase() !== personId.toLowerCase()) throw PrivacyErrors.ERASURE_NOT_CONFIRMED({ field: 'confirm' });
  return eraseSubject(ctx, deps, { type: 'person', id: personId }, 'request');
}
