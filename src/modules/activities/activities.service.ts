import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { authorize, isInScope } from '../../platform/auth/permissions.ts';

export interface DueActivity {
  id: string;
  kind: string;
  subject: string;
  due_at: string;
  is_overdue: boolean;
  person_id: string | null;
  deal_id: string | null;
}

/**
 * The acting user's planned activities due by the end of today, today being the workspace's
 * calendar day; overdue ones first. Empty for principals that act for no user.
 */
export async function findMyDueActivities(ctx: ServiceContext, limit = 100): Promise<DueActivity[]> {
  const scope = authorize(ctx.principal, 'activity', 'read');
  const userId = ctx.principal.userId;
  if (!userId || !isInScope(scope, userId)) return [];
  const rows = await sql<Omit<DueActivity, 'due_at'> & { due_at: Date }>`
    select a.id, a.kind, a.subject, a.due_at, a.person_id, a.deal_id, a.due_at < now() as is_overdue
    from activity a join workspace w on w.id = a.workspace_id
    where a.workspace_id = ${ctx.principal.workspaceId} and a.owner_id = ${userId} and a.status = 'planned'
      and a.due_at < ((now() at time zone w.time_zone)::date + 1) at time zone w.time_zone
    order by a.due_at limit ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => ({ ...r, due_at: r.due_at.toISOString() }));
}
