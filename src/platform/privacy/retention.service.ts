import { z } from 'zod';
import type { Logger } from 'pino';
import { recordChange } from '../changes.ts';
import { inTransaction, type ServiceContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { authorize, systemPrincipal } from '../auth/permissions.ts';
import { diffFields } from '../audit/audit.service.ts';
import { listCustomFields } from '../records/custom-fields.ts';
import { eraseSubject, type PrivacyDeps } from './erasure.service.ts';
import type { RetentionCandidate, RetentionRules } from './personal-data.ts';
import './privacy.tables.ts';

export const retentionSettingsSchema = z.strictObject({
  lead_retention_years: z.number().int().min(1).max(50).nullable().describe('Erase leads with no change for this many years; null: keep'),
  person_retention_years: z.number().int().min(1).max(50).nullable()
    .describe('Erase people with no change, order, activity or visit for this many years; null: keep'),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** How many subjects one run erases per workspace: each is its own transaction, the rest wait for the next run. */
export const RETENTION_BATCH = 200;

async function loadRules(db: Db, workspaceId: string): Promise<RetentionSettings> {
  const row = await db.selectFrom('privacy_settings').select(['lead_retention_years', 'person_retention_years'])
    .where('workspace_id', '=', workspaceId).executeTakeFirst();
  return { lead_retention_years: row?.lead_retention_years ?? null, person_retention_years: row?.person_retention_years ?? null };
}

export async function getRetentionSettings(ctx: ServiceContext): Promise<RetentionSettings> {
  authorize(ctx.principal, 'personal_data', 'read');
  return loadRules(ctx.db, ctx.principal.workspaceId);
}

export async function updateRetentionSettings(ctx: ServiceContext, input: RetentionSettings): Promise<RetentionSettings> {
  authorize(ctx.principal, 'personal_data', 'update');
  return inTransaction(ctx, async (tx, ctx) => {
    const before = await loadRules(tx, ctx.principal.workspaceId);
    await tx.insertInto('privacy_settings').values({ workspace_id: ctx.principal.workspaceId, ...input, updated_at: new Date() })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...input, updated_at: new Date() })).execute();
    const changes = diffFields(before, input, ['lead_retention_years', 'person_retention_years']);
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, ctx, { entityType: 'personal_data', entityId: null, action: 'update', changes, event: 'personal_data.retention_updated' });
    }
    return input;
  });
}

const toRules = (s: RetentionSettings): RetentionRules => ({ leadRetentionYears: s.lead_retention_years, personRetentionYears: s.person_retention_years });

/**
 * What the rules select now. A person is kept while any module saw them active within the
 * period (an order, an activity, a visit), so each module vetoes by its own data.
 */
async function findCandidates(db: Db, deps: PrivacyDeps, workspaceId: string, settings: RetentionSettings): Promise<RetentionCandidate[]> {
  const rules = toRules(settings);
  const candidates: RetentionCandidate[] = [];
  for (const { hook } of deps.hooks) if (hook.retentionCandidates) candidates.push(...(await hook.retentionCandidates(db, workspaceId, rules, RETENTION_BATCH)));
  const people = candidates.filter((c) => c.type === 'person').map((c) => c.id);
  if (people.length === 0 || rules.personRetentionYears === null) return candidates;
  const since = new Date();
  since.setFullYear(since.getFullYear() - rules.personRetentionYears);
  const active = new Set<string>();
  for (const { hook } of deps.hooks) if (hook.activeSince) for (const id of await hook.activeSince(db, workspaceId, people, since)) active.add(id);
  return candidates.filter((c) => c.type !== 'person' || !active.has(c.id));
}

/** The dry run: what the retention rules would erase now, changing nothing. */
export async function previewRetention(ctx: ServiceContext, deps: PrivacyDeps) {
  authorize(ctx.principal, 'personal_data', 'read');
  const settings = await loadRules(ctx.db, ctx.principal.workspaceId);
  return { rules: settings, candidates: await findCandidates(ctx.db, deps, ctx.principal.workspaceId, settings) };
}

/** Applies a workspace's rules: each selected subject is erased, audited as the system's retention. */
export async function applyRetention(db: Db, deps: PrivacyDeps, workspaceId: string): Promise<{ erased: number }> {
  const settings = await loadRules(db, workspaceId);
  const candidates = await findCandidates(db, deps, workspaceId, settings);
  const ctx: ServiceContext = { db, principal: systemPrincipal(workspaceId) };
  let erased = 0;
  for (const candidate of candidates) {
    const outcome = await eraseSubject(ctx, deps, { type: candidate.type, id: candidate.id }, 'retention');
    if (outcome.total > 0) erased++;
  }
  return { erased };
}

/** Every workspace with a retention rule, once a day. */
export async function applyRetentionEverywhere(db: Db, deps: PrivacyDeps, log: Logger): Promise<void> {
  const workspaces = await db.selectFrom('privacy_settings').select('workspace_id')
    .where((eb) => eb.or([eb('lead_retention_years', 'is not', null), eb('person_retention_years', 'is not', null)])).execute();
  for (const { workspace_id: workspaceId } of workspaces) {
    const { erased } = await applyRetention(db, deps, workspaceId);
    if (erased > 0) log.info({ workspace_id: workspaceId, erased }, 'retention rules erased personal data');
  }
}

/** The processing register (152-FZ art. 18.1, 22): what is stored about people, why, how long, and what erasure does. */
export async function buildRegister(ctx: ServiceContext, deps: PrivacyDeps) {
  authorize(ctx.principal, 'personal_data', 'read');
  const types = await deps.records.forWorkspace(ctx.db, ctx.principal.workspaceId);
  const custom = await listCustomFields(ctx);
  const settings = await loadRules(ctx.db, ctx.principal.workspaceId);
  const entries = deps.hooks.flatMap(({ module, hook }) => hook.describe().map((d) => ({ module, ...d })));
  return {
    retention: settings,
    entries: entries.map((entry) => {
      const def = entry.recordType ? types.find((t) => t.type === entry.recordType) : undefined;
      const fields = def
        ? [
          ...def.fields.filter((f) => f.isPii || f.isSensitive).map((f) => ({ name: f.name, label: f.label, classification: f.isSensitive ? 'sensitive' as const : 'personal' as const, is_custom: false })),
          ...custom.filter((c) => c.object_type === def.type && c.classification !== 'plain')
            .map((c) => ({ name: `custom.${c.key}`, label: { en: c.label, ru: c.label }, classification: c.classification, is_custom: true })),
        ]
        : entry.columns.map((name) => ({ name, label: { en: name, ru: name }, classification: 'personal' as const, is_custom: false }));
      return {
        module: entry.module, table: entry.table, record_type: entry.recordType ?? null, what: entry.what, purpose: entry.purpose,
        retention: entry.retention, erasure: entry.erasure, fields,
      };
    }),
  };
}
