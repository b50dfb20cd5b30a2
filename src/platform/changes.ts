import type { Tx } from './db/database.ts';
import type { ServiceContext } from './context.ts';
import { auditRow, type FieldChanges } from './audit/audit.service.ts';
import { eventRow } from './events/events.ts';

/**
 * Explains a mutation: one audit entry and one domain event, written in the caller's
 * transaction, so neither exists unless the change itself commits.
 */
export async function recordChange(
  tx: Tx,
  ctx: ServiceContext,
  change: {
    entityType: string;
    entityId: string | null;
    action: string;
    changes: FieldChanges;
    event: string;
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  const event = eventRow(ctx, {
    name: change.event,
    entityType: change.entityType,
    entityId: change.entityId ?? undefined,
    payload: change.payload ?? { changes: change.changes },
  });
  // One statement, one round trip: this runs inside every write.
  await tx
    .with('audit', (db) => db.insertInto('audit_log').values(auditRow(ctx, change)))
    .insertInto('domain_event')
    .values(event)
    .execute();
}
