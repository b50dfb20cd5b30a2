import type { Tx } from './db/database.ts';
import type { ServiceContext } from './context.ts';
import { writeAudit, type FieldChanges } from './audit/audit.service.ts';
import { emitEvent } from './events/events.ts';

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
  await writeAudit(tx, ctx, change);
  await emitEvent(tx, ctx, {
    name: change.event,
    entityType: change.entityType,
    entityId: change.entityId ?? undefined,
    payload: change.payload ?? { changes: change.changes },
  });
}
