import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { authorize, authorizeConfiguration, type Principal } from '../../platform/auth/permissions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { timeZoneSchema } from '../../platform/records/fields.ts';
import { findLeadSettings } from './lead-distribution.ts';
import { LEAD_CHANNELS } from './leads.records.ts';
import './leads.tables.ts';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 09:00');
const condition = z.string().trim().min(1).max(200).nullable().default(null);

export const leadSettingsSchema = z.strictObject({
  default_team_id: z.uuid().nullable().optional(),
  first_response_minutes: z.number().int().min(1).max(10_080).optional(),
  reassign_after_minutes: z.number().int().min(1).max(10_080).optional(),
});

export const leadRoutingRulesSchema = z.array(z.strictObject({
  name: z.string().trim().min(1).max(200),
  source: condition,
  region: condition,
  product_interest: condition,
  channel: z.enum(Object.keys(LEAD_CHANNELS) as [string, ...string[]]).nullable().default(null),
  team_id: z.uuid(),
  is_active: z.boolean().default(true),
})).max(200);

/** A shift in the agent's own time zone. Equal start and end mean round the clock; end before start runs past midnight. */
export const leadAgentSchema = z.strictObject({
  is_accepting: z.boolean().optional(),
  work_days: z.array(z.number().int().min(1).max(7)).max(7).transform((days) => [...new Set(days)].sort()).optional(),
  work_start: timeOfDay.optional(),
  work_end: timeOfDay.optional(),
  time_zone: timeZoneSchema.optional(),
});

const assertMayConfigure = (principal: Principal) => authorizeConfiguration(principal, 'lead_routing', 'lead distribution');

export async function findLeadRouting(ctx: ServiceContext) {
  authorize(ctx.principal, 'lead', 'read');
  const workspaceId = ctx.principal.workspaceId;
  const settings = await findLeadSettings(ctx.db, workspaceId);
  const rules = await ctx.db.selectFrom('lead_routing_rule')
    .select(['id', 'name', 'source', 'region', 'product_interest', 'channel', 'team_id', 'is_active'])
    .where('workspace_id', '=', workspaceId).orderBy('position').execute();
  const agents = await sql<{
    user_id: string; name: string; is_accepting: boolean; work_days: number[]; work_start: string; work_end: string;
    time_zone: string; last_assigned_at: Date | null; is_on_shift: boolean;
  }>`
    select a.user_id, u.name, a.is_accepting, a.work_days, to_char(a.work_start, 'HH24:MI') as work_start, to_char(a.work_end, 'HH24:MI') as work_end,
      a.time_zone, a.last_assigned_at,
      (extract(isodow from now() at time zone a.time_zone)::int = any (a.work_days) and case when a.work_start < a.work_end
        then (now() at time zone a.time_zone)::time >= a.work_start and (now() at time zone a.time_zone)::time < a.work_end
        else (now() at time zone a.time_zone)::time >= a.work_start or (now() at time zone a.time_zone)::time < a.work_end end) as is_on_shift
    from lead_agent a join app_user u on u.id = a.user_id
    where a.workspace_id = ${workspaceId} order by u.name`.execute(ctx.db);
  // Whoever configures distribution needs the names of teams and members, which managers may not list otherwise.
  const teams = await ctx.db.selectFrom('team').select(['id', 'name']).where('workspace_id', '=', workspaceId).orderBy('name').execute();
  const members = await ctx.db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'app_user.name']).where('membership.workspace_id', '=', workspaceId).where('membership.is_disabled', '=', false)
    .orderBy('app_user.name').execute();
  return {
    teams,
    members,
    settings: {
      default_team_id: settings.default_team_id, first_response_minutes: settings.first_response_minutes, reassign_after_minutes: settings.reassign_after_minutes,
    },
    rules,
    agents: agents.rows.map((a) => ({ ...a, work_days: a.work_days.map(Number), last_assigned_at: a.last_assigned_at ? new Date(a.last_assigned_at).toISOString() : null })),
  };
}

async function assertTeamExists(ctx: ServiceContext, teamId: string, field: string) {
  const team = await ctx.db.selectFrom('team').select('id').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw PlatformErrors.VALIDATION_FAILED({ field, detail: `No team with id ${teamId}` });
}

export async function saveLeadSettings(ctx: ServiceContext, input: z.output<typeof leadSettingsSchema>) {
  assertMayConfigure(ctx.principal);
  if (input.default_team_id) await assertTeamExists(ctx, input.default_team_id, 'default_team_id');
  await inTransaction(ctx, async (tx, ctx) => {
    const before = await findLeadSettings(tx, ctx.principal.workspaceId);
    const after = { ...before, ...input };
    await tx.insertInto('lead_settings')
      .values({ workspace_id: ctx.principal.workspaceId, ...after, updated_at: new Date() })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...after, updated_at: new Date() }))
      .execute();
    const changes = diffFields(before as unknown as Record<string, unknown>, after, Object.keys(after));
    await recordChange(tx, ctx, { entityType: 'lead_routing', entityId: null, action: 'update', changes, event: 'lead_routing.updated' });
  });
  return findLeadRouting(ctx);
}

export async function replaceRoutingRules(ctx: ServiceContext, rules: z.output<typeof leadRoutingRulesSchema>) {
  assertMayConfigure(ctx.principal);
  for (const [index, rule] of rules.entries()) await assertTeamExists(ctx, rule.team_id, `rules.${index}.team_id`);
  await inTransaction(ctx, async (tx, ctx) => {
    const before = await tx.selectFrom('lead_routing_rule').select(['name', 'source', 'region', 'product_interest', 'channel', 'team_id', 'is_active'])
      .where('workspace_id', '=', ctx.principal.workspaceId).orderBy('position').execute();
    await tx.deleteFrom('lead_routing_rule').where('workspace_id', '=', ctx.principal.workspaceId).execute();
    if (rules.length > 0) {
      await tx.insertInto('lead_routing_rule')
        .values(rules.map((rule, position) => ({ ...rule, workspace_id: ctx.principal.workspaceId, id: newId(), position })))
        .execute();
    }
    await recordChange(tx, ctx, {
      entityType: 'lead_routing', entityId: null, action: 'update', changes: { rules: { before, after: rules } }, event: 'lead_routing.updated',
    });
  });
  return findLeadRouting(ctx);
}

export async function saveLeadAgent(ctx: ServiceContext, userId: string, input: z.output<typeof leadAgentSchema>) {
  assertMayConfigure(ctx.principal);
  const member = await ctx.db.selectFrom('membership').select('user_id')
    .where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', '=', userId).executeTakeFirst();
  if (!member) throw PlatformErrors.NOT_FOUND({ field: 'user_id', detail: 'No such member' });
  await inTransaction(ctx, async (tx, ctx) => {
    await tx.insertInto('lead_agent')
      .values({ workspace_id: ctx.principal.workspaceId, user_id: userId, ...input })
      .onConflict((oc) => (Object.keys(input).length > 0 ? oc.columns(['workspace_id', 'user_id']).doUpdateSet(input) : oc.doNothing()))
      .execute();
    const changes = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, { after: v }]));
    await recordChange(tx, ctx, { entityType: 'lead_agent', entityId: userId, action: 'update', changes, event: 'lead_routing.updated' });
  });
  return findLeadRouting(ctx);
}

export async function removeLeadAgent(ctx: ServiceContext, userId: string) {
  assertMayConfigure(ctx.principal);
  await inTransaction(ctx, async (tx, ctx) => {
    const removed = await tx.deleteFrom('lead_agent').where('workspace_id', '=', ctx.principal.workspaceId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw PlatformErrors.NOT_FOUND({ field: 'user_id', detail: 'The member is not a lead agent' });
    await recordChange(tx, ctx, { entityType: 'lead_agent', entityId: userId, action: 'delete', changes: {}, event: 'lead_routing.updated' });
  });
  return findLeadRouting(ctx);
}
