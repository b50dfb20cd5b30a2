import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { recordChange } from '../changes.ts';
import { inTransaction, type ServiceContext } from '../context.ts';
import type { Db, Tx } from '../db/database.ts';
import { loadJobPrincipal } from '../auth/auth.service.ts';
import { authorize } from '../auth/permissions.ts';
import { PlatformErrors } from '../errors.ts';
import { newId } from '../ids.ts';
import { customFieldDefs } from '../records/custom-fields.ts';
import type { SubjectAccessSection } from './personal-data.ts';
import { assertSubjectExists, PrivacyErrors, resolveSubject, type PrivacyDeps } from './erasure.service.ts';
import type { SubjectAccessRequestTable } from './privacy.tables.ts';

export type Language = 'ru' | 'en';

const PROGRESS_COLUMNS = [
  'id', 'person_id', 'language', 'status', 'sections_total', 'sections_done', 'file_bytes', 'error', 'created_at', 'started_at', 'finished_at', 'expires_at',
] as const;
type RequestRow = Pick<Selectable<SubjectAccessRequestTable>, (typeof PROGRESS_COLUMNS)[number]>;
const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export const presentSubjectAccess = (row: RequestRow) => ({
  id: row.id, person_id: row.person_id, language: row.language, status: row.status,
  sections_total: row.sections_total, sections_done: row.sections_done, file_bytes: row.file_bytes === null ? null : Number(row.file_bytes),
  error: row.error, created_at: new Date(row.created_at).toISOString(), started_at: isoOrNull(row.started_at),
  finished_at: isoOrNull(row.finished_at), expires_at: new Date(row.expires_at).toISOString(),
});

/** The requester's language: asked for, else their own setting, else the workspace's. */
async function languageFor(ctx: ServiceContext, asked: Language | undefined): Promise<Language> {
  if (asked) return asked;
  const user = ctx.principal.userId
    ? await ctx.db.selectFrom('app_user').select('locale').where('id', '=', ctx.principal.userId).executeTakeFirst()
    : undefined;
  const locale = user?.locale ?? (await ctx.db.selectFrom('workspace').select('locale').where('id', '=', ctx.principal.workspaceId).executeTakeFirst())?.locale;
  return locale === 'en' ? 'en' : 'ru';
}

/** Queues a subject-access export of one person; the job writes a JSON file and an HTML page. */
export async function requestSubjectAccess(
  ctx: ServiceContext, deps: PrivacyDeps, personId: string, input: { language?: Language }, dataDir: string,
  enqueue: (tx: Tx, requestId: string) => Promise<void>,
) {
  authorize(ctx.principal, 'personal_data', 'export');
  await assertSubjectExists(ctx.db, deps.records, ctx.principal.workspaceId, { type: 'person', id: personId });
  const language = await languageFor(ctx, input.language);
  return inTransaction(ctx, async (tx, ctx) => {
    const id = newId();
    const row = await tx.insertInto('subject_access_request').values({
      workspace_id: ctx.principal.workspaceId, id, person_id: personId, language, actor_type: ctx.principal.kind, actor_id: ctx.principal.id,
      file_path: path.resolve(dataDir, 'subject-access', ctx.principal.workspaceId, id), sections_total: null, file_bytes: null, error: null,
    }).returning(PROGRESS_COLUMNS).executeTakeFirstOrThrow();
    await recordChange(tx, ctx, {
      entityType: 'person', entityId: personId, action: 'subject_access', changes: { subject_access_request: { after: id } },
      event: 'personal_data.subject_access_requested', payload: { request_id: id, person_id: personId },
    });
    await enqueue(tx, id);
    return presentSubjectAccess(row);
  });
}

/** Subject-access exports are their requester's alone, like exports. */
async function findOwnRequest(ctx: ServiceContext, id: string) {
  authorize(ctx.principal, 'personal_data', 'export');
  const row = await ctx.db.selectFrom('subject_access_request').selectAll()
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).where('actor_id', '=', ctx.principal.id).executeTakeFirst();
  if (!row) throw PlatformErrors.NOT_FOUND();
  return row;
}

export async function findSubjectAccess(ctx: ServiceContext, id: string) {
  return presentSubjectAccess(await findOwnRequest(ctx, id));
}

export async function openSubjectAccessFile(ctx: ServiceContext, id: string, format: 'json' | 'html') {
  const row = await findOwnRequest(ctx, id);
  if (row.status === 'expired' || new Date(row.expires_at) < new Date()) throw PrivacyErrors.SUBJECT_ACCESS_EXPIRED();
  if (row.status !== 'completed') throw PrivacyErrors.SUBJECT_ACCESS_NOT_READY({ detail: `The export is ${row.status}` });
  return { stream: fs.createReadStream(`${row.file_path}.${format}`), fileName: `subject-access-${row.person_id}.${format}` };
}

/** The platform's part of an export: the profile's custom fields by label, and the audit entries about the person and their records. */
async function platformSections(ctx: ServiceContext, personId: string, sections: SubjectAccessSection[]): Promise<SubjectAccessSection[]> {
  const custom = await customFieldDefs(ctx, 'person');
  const profile = sections.find((s) => s.key === 'profile')?.items[0];
  const values = (profile?.custom ?? {}) as Record<string, unknown>;
  const customItems = custom.filter((f) => values[f.customKey!] !== undefined)
    .map((f) => ({ field: f.customKey, label: f.label.ru, classification: f.isSensitive ? 'sensitive' : f.isPii ? 'personal' : 'plain', value: values[f.customKey!] }));
  const entities = [{ type: 'person', ids: [personId] }, ...sections.filter((s) => s.entityType).map((s) => ({ type: s.entityType!, ids: s.items.map((i) => String(i.id)) }))]
    .filter((e) => e.ids.length > 0);
  const conditions = entities.map((e) => sql`(entity_type = ${e.type} and entity_id = any(array[${sql.join(e.ids.map((id) => sql`${id}::uuid`))}]::uuid[]))`);
  const audit = await sql<Record<string, unknown>>`
    select id, occurred_at, actor_type, actor_name, entity_type, entity_id, action, changes from audit_log
    where workspace_id = ${ctx.principal.workspaceId} and (${sql.join(conditions, sql` or `)}) order by id`.execute(ctx.db);
  return [
    { key: 'custom_fields', title: { en: 'Custom fields', ru: 'Дополнительные поля' }, items: customItems },
    {
      key: 'audit', title: { en: 'Changes made to the data (audit log)', ru: 'Изменения данных (журнал аудита)' },
      items: audit.rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at as Date).toISOString() })),
    },
  ];
}

/**
 * Writes a subject-access export: every module's sections, then the platform's, as JSON and
 * as an HTML page in the request's language. Runs as its requester, who must still be allowed.
 */
export async function runSubjectAccess(db: Db, deps: PrivacyDeps, target: { workspaceId: string; requestId: string }) {
  const request = await db.selectFrom('subject_access_request').selectAll()
    .where('workspace_id', '=', target.workspaceId).where('id', '=', target.requestId).executeTakeFirstOrThrow();
  if (request.status !== 'queued' && request.status !== 'running') return { status: request.status };
  const update = (values: Partial<Record<'status' | 'error' | 'sections_total' | 'sections_done' | 'file_bytes' | 'started_at' | 'finished_at', unknown>>) =>
    db.updateTable('subject_access_request').set(values as never).where('workspace_id', '=', target.workspaceId).where('id', '=', target.requestId).execute();
  const fail = async (message: string) => {
    await update({ status: 'failed', error: message, finished_at: new Date() });
    return { status: 'failed', error: message };
  };
  const principal = await loadJobPrincipal(db, { kind: request.actor_type, id: request.actor_id, workspaceId: target.workspaceId });
  if (!principal) return fail('Whoever asked for the export no longer has access to the workspace');
  const ctx: ServiceContext = { db, principal };
  try {
    authorize(principal, 'personal_data', 'export');
    const exporters = deps.hooks.filter(({ hook }) => hook.exportSubject);
    await update({ status: 'running', started_at: new Date(), sections_total: exporters.length + 1, sections_done: 0 });
    const subject = await resolveSubject(ctx, deps, { type: 'person', id: request.person_id });
    const sections: (SubjectAccessSection & { module: string })[] = [];
    let done = 0;
    for (const { module, hook } of exporters) {
      for (const section of await hook.exportSubject!(ctx, subject)) sections.push({ ...section, module });
      await update({ sections_done: ++done });
    }
    for (const section of await platformSections(ctx, request.person_id, sections)) sections.push({ ...section, module: 'platform' });
    const document = {
      person_id: request.person_id, generated_at: new Date().toISOString(), language: request.language,
      sections: sections.map((s) => ({ key: `${s.module}.${s.key}`, title: s.title[request.language], items: s.items })),
    };
    await fs.promises.mkdir(path.dirname(request.file_path), { recursive: true });
    const json = JSON.stringify(document, null, 2);
    await fs.promises.writeFile(`${request.file_path}.json`, json);
    await fs.promises.writeFile(`${request.file_path}.html`, renderHtml(document));
    await update({ status: 'completed', sections_done: exporters.length + 1, file_bytes: Buffer.byteLength(json), finished_at: new Date() });
    return { status: 'completed', sections: sections.length };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** Removes expired subject-access files. */
export async function expireSubjectAccess(db: Db): Promise<number> {
  const expired = await db.updateTable('subject_access_request').set({ status: 'expired' })
    .where('expires_at', '<', new Date()).where('status', '<>', 'expired').returning('file_path').execute();
  for (const { file_path } of expired) {
    for (const suffix of ['.json', '.html']) await fs.promises.rm(`${file_path}${suffix}`, { force: true });
  }
  return expired.length;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HTML_TEXT = {
  ru: { title: 'Какие данные о вас мы храним', generated: 'Сформировано', none: 'Нет данных' },
  en: { title: 'The data we hold about you', generated: 'Generated', none: 'Nothing stored' },
} as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
  return escapeHtml(String(value));
}

/** A readable page of the same document: one table per section, one row per item. */
function renderHtml(document: { generated_at: string; language: Language; sections: { key: string; title: string; items: Record<string, unknown>[] }[] }): string {
  const t = HTML_TEXT[document.language];
  const sections = document.sections.map((section) => {
    if (section.items.length === 0) return `<section><h2>${escapeHtml(section.title)}</h2><p>${t.none}</p></section>`;
    const columns = [...new Set(section.items.flatMap((item) => Object.keys(item)))];
    const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
    const rows = section.items.map((item) => `<tr>${columns.map((c) => `<td>${cell(item[c])}</td>`).join('')}</tr>`).join('\n');
    return `<section><h2>${escapeHtml(section.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="${document.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${t.title}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1a1b1e}table{border-collapse:collapse;margin-bottom:1.5rem;font-size:13px}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f1f3f5}code{white-space:pre-wrap;word-break:break-word}</style>
</head><body><h1>${t.title}</h1><p>${t.generated}: ${escapeHtml(document.generated_at)}</p>
${sections}
</body></html>`;
}
