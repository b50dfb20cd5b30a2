import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordChange } from '../../platform/changes.ts';
import './leads.tables.ts';

/**
 * Stops a lead's first-response clock (the first call, email or status change), in the
 * caller's transaction. A lead already contacted is left alone, so redelivery changes nothing.
 */
export async function markFirstContact(tx: Tx, ctx: ServiceContext, leadId: string, at: Date, via: string): Promise<boolean> {
  const before = await tx.selectFrom('lead').select(['status', 'owner_id', 'first_contacted_at', 'full_name'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', leadId).forUpdate().executeTakeFirst();
  if (!before || before.first_contacted_at) return false;
  const status = before.status === 'new' ? 'contacted' : before.status;
  await tx.updateTable('lead').set({ first_contacted_at: at, status, updated_at: new Date() })
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', leadId).execute();
  const changes = { first_contacted_at: { before: null, after: at.toISOString() }, ...(status !== before.status ? { status: { before: before.status, after: status } } : {}) };
  await recordChange(tx, ctx, {
    entityType: 'lead', entityId: leadId, action: 'update', changes, event: 'lead.contacted',
    payload: { changes, owner_id: before.owner_id, title: before.full_name, references: {}, via },
  });
  return true;
}

