import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { ServiceContext } from '../../platform/context.ts';
import './leads.tables.ts';

export interface LeadSettings {
  default_team_id: string | null;
  first_response_minutes: number;
  reassign_after_minutes: number;
}

const DEFAULT_SETTINGS: LeadSettings = { default_team_id: null, first_response_minutes: 60, reassign_after_minutes: 30 };

export async function findLeadSettings(db: Db, workspaceId: string): Promise<LeadSettings> {
  const row = await db.selectFrom('lead_settings').select(['default_team_id', 'first_response_minutes', 'reassign_after_minutes'])
    .where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

/** What routing rules look at. Matching ignores case and surrounding spaces. */
export interface RoutableLead {
  source?: unknown;
  region?: unknown;
  product_interest?: unknown;
  channel?: unknown;
}

/**
 * The team a lead goes to: the first active rule (by position) whose every condition matches,
 * else the workspace's default team, else null (any agent of the workspace).
 */
export async function routeLead(db: Db, workspaceId: string, lead: RoutableLead, settings: LeadSettings): Promise<string | null> {
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : null);
  const matches = (condition: string | null, value: unknown) => condition === null || norm(condition) === norm(value);
  const rules = await db.selectFrom('lead_routing_rule').select(['source', 'region', 'product_interest', 'channel', 'team_id'])
    .where('workspace_id', '=', workspaceId).where('is_active', '=', true).orderBy('position').execute();
  const rule = rules.find((r) => matches(r.source, lead.source) && matches(r.region, lead.region)
    && matches(r.product_interest, lead.product_interest) && matches(r.channel, lead.channel));
  return rule?.team_id ?? settings.default_team_id;
}

/**
 * Round-robin among the team's agents who accept leads and are on shift now (in their own time
 * zone; a shift may run past midnight): the one assigned longest ago gets the lead. The chosen
 * agent's row is locked and stamped, so concurrent leads go to different agents.
 */
export async function pickAgent(tx: Tx, workspaceId: string, teamId: string | null, excludeUserId?: string | null): Promise<string | null> {
  const result = await sql<{ user_id: string }>`
    select a.user_id from lead_agent a
    join membership m on m.workspace_id = a.workspace_id and m.user_id = a.user_id and not m.is_disabled
    where a.workspace_id = ${workspaceId} and a.is_accepting
      ${teamId ? sql`and exists (select 1 from team_member t where t.workspace_id = a.workspace_id and t.team_id = ${teamId} and t.user_id = a.user_id)` : sql``}
      ${excludeUserId ? sql`and a.user_id <> ${excludeUserId}` : sql``}
      and extract(isodow from now() at time zone a.time_zone)::int = any (a.work_days)
      and case when a.work_start < a.work_end
        then (now() at time zone a.time_zone)::time >= a.work_start and (now() at time zone a.time_zone)::time < a.work_end
        else (now() at time zone a.time_zone)::time >= a.work_start or (now() at time zone a.time_zone)::time < a.work_end end
    order by a.last_assigned_at nulls first, a.user_id
    limit 1
    for update of a skip locked`.execute(tx);
  const userId = result.rows[0]?.user_id ?? null;
  if (userId) {
    await tx.updateTable('lead_agent').set({ last_assigned_at: new Date() })
      .where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
  }
  return userId;
}

/**
 * The lead type's owner hook: a lead with no owner asked for is distributed. Either way its
 * first-response clock starts now.
 */
export async function assignNewLead(tx: Tx, ctx: ServiceContext, values: Record<string, unknown>, requestedOwnerId: string | undefined) {
  const workspaceId = ctx.principal.workspaceId;
  const settings = await findLeadSettings(tx, workspaceId);
  const ownerId = requestedOwnerId ?? (await pickAgent(tx, workspaceId, await routeLead(tx, workspaceId, values, settings)));
  const now = Date.now();
  return {
    ownerId,
    columns: {
      assigned_at: ownerId ? new Date(now) : null,
      first_response_due_at: new Date(now + settings.first_response_minutes * 60_000),
    },
  };
}
