import type { Tx } from '../db/database.ts';
import type { ServiceContext } from '../context.ts';
import { newId } from '../ids.ts';
import { authorize } from '../auth/permissions.ts';

export type FieldChanges = Record<string, { before?: unknown; after?: unknown }>;

/** Field-level before/after of the keys that differ. */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields: readonly string[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const was = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (JSON.stringify(normalise(was)) !== JSON.stringify(normalise(now))) changes[field] = { before: normalise(was), after: normalise(now) };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export interface AuditEntryInput {
  entityType: string;
  entityId: string | null;
  action: string;
  changes: FieldChanges;
}

export function auditRow(ctx: ServiceContext, entry: AuditEntryInput) {
  const { principal } = ctx;
  return {
    workspace_id: principal.workspaceId,
    id: newId(),
    actor_type: principal.kind,
    actor_id: principal.id,
    actor_name: principal.name,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
    changes: JSON.stringify(entry.changes),
    request_id: ctx.requestId ?? null,
  };
}

export async function writeAudit(tx: Tx, ctx: ServiceContext, entry: AuditEntryInput): Promise<void> {
  await tx.insertInto('audit_log').values(auditRow(ctx, entry)).execute();
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
  limit: number;
}

/** The workspace-wide audit trail, newest first. Admins only (the audit_log object). */
export async function findAuditEntries(ctx: ServiceContext, query: AuditQuery) {
  authorize(ctx.principal, 'audit_log', 'read');
  return selectAudit(ctx, query);
}

/** The trail of one record; the caller has already checked the record is readable. */
export async function findRecordAudit(ctx: ServiceContext, query: AuditQuery & { entityType: string; entityId: string }) {
  return selectAudit(ctx, query);
}

async function selectAudit(ctx: ServiceContext, query: AuditQuery) {
  let q = ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', '=', ctx.principal.workspaceId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('occurred_at', '>=', query.from);
  if (query.to) q = q.where('occurred_at', '<', query.to);
  if (query.beforeId) q = q.where('id', '<', query.beforeId);
  return q.execute();
}

