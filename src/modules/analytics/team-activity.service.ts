import { sql, type RawBuilder } from 'kysely';
import { authorize, readableScope, type RecordScope } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { dealRecordType } from '../deals/index.ts';
import { inPeriod, narrowScope, resolvePeriod, workspaceTimeZone, type AnalyticsFilters, type Period } from './analytics-filters.ts';

interface ActivityRow {
  group_id: string;
  name: string;
  calls: number | null;
  meetings: number | null;
  emails: number | null;
  tasks_done: number | null;
  tasks_overdue: number | null;
  leads: number | null;
  leads_contacted: number | null;
  median_first_response_minutes: number | null;
  won_deals: number | null;
  won_revenue: { currency: string; amount: string }[] | null;
}

interface Scopes {
  activity: RecordScope | null;
  lead: RecordScope | null;
  deal: RecordScope | null;
}

/** The members whose work a reader sees in a type: owners in the type's (narrowed) scope. */
const memberIn = (scope: RecordScope | null, column: string): RawBuilder<boolean> => (scope ? ownersCondition(scope, column) : sql<boolean>`false`);

/**
 * Each group's (a member, or a team: its members together) work in the period, in one query.
 * Figures of a record type the reader may not read, or of members outside its scope, are null.
 */
async function activityBy(
  ctx: ServiceContext,
  grouping: 'member' | 'team',
  options: { scopes: Scopes; period: Period; timeZone: string; pipelineId?: string; teamId?: string; isAmountHidden: boolean },
) {
  const workspaceId = ctx.principal.workspaceId;
  const { scopes, period, timeZone } = options;
  const isVisible = sql<boolean>`(${memberIn(scopes.activity, 'm.user_id')} or ${memberIn(scopes.lead, 'm.user_id')} or ${memberIn(scopes.deal, 'm.user_id')})`;
  const groups = grouping === 'member'
    ? sql`select m.user_id as owner_id, m.user_id as group_id, u.name as group_name
        from membership m join app_user u on u.id = m.user_id
        where m.workspace_id = ${workspaceId} and ${isVisible}`
    : sql`select tm.user_id as owner_id, t.id as group_id, t.name as group_name
        from team t
        join team_member tm on tm.workspace_id = t.workspace_id and tm.team_id = t.id
        join membership m on m.workspace_id = tm.workspace_id and m.user_id = tm.user_id
        where t.workspace_id = ${workspaceId} and ${isVisible} ${options.teamId ? sql`and t.id = ${options.teamId}` : sql``}`;
  const rows = await sql<ActivityRow>`
    with grp as (${groups}),
    named as (select group_id, min(group_name) as name, bool_or(${memberIn(scopes.deal, 'owner_id')}) as is_deal_visible from grp group by group_id),
    -- An activity happened at a meeting's start, else when it was due, else when it was logged.
    acts as (
      select g.group_id,
        count(a.id) filter (where a.kind = 'call' and a.status = 'done')::int as calls,
        count(a.id) filter (where a.kind = 'meeting' and a.status = 'done')::int as meetings,
        count(a.id) filter (where a.kind = 'email' and a.status = 'done')::int as emails,
        count(a.id) filter (where a.kind = 'task' and a.status = 'done')::int as tasks_done,
        count(a.id) filter (where a.kind = 'task' and a.status = 'planned' and a.due_at < now())::int as tasks_overdue
      from grp g
      left join (
        select * from (
          select a.id, a.owner_id, a.kind, a.status, a.due_at, coalesce(a.starts_at, a.due_at, a.created_at) as happened_at
          from activity a where a.workspace_id = ${workspaceId}
        ) dated where ${inPeriod('happened_at', period, timeZone)}
      ) a on a.owner_id = g.owner_id
      where ${memberIn(scopes.activity, 'g.owner_id')}
      group by g.group_id
    ),
    -- First response: from the lead's assignment (or arrival) to its first contact, for leads that arrived in the period.
    leads as (
      select g.group_id, count(l.id)::int as leads, count(l.first_contacted_at)::int as leads_contacted,
        round((percentile_cont(0.5) within group (
          order by greatest(0, extract(epoch from l.first_contacted_at - coalesce(l.assigned_at, l.created_at)) / 60)
        ) filter (where l.first_contacted_at is not null))::numeric, 1)::float8 as median_first_response_minutes
      from grp g
      left join lead l on l.workspace_id = ${workspaceId} and l.owner_id = g.owner_id and ${inPeriod('l.created_at', period, timeZone)}
      where ${memberIn(scopes.lead, 'g.owner_id')}
      group by g.group_id
    ),
    won_by_currency as (
      select g.group_id, d.currency, count(*)::int as won_deals, sum(d.amount) as amount
      from grp g
      join deal d on d.workspace_id = ${workspaceId} and d.owner_id = g.owner_id
      join pipeline_stage s on s.workspace_id = d.workspace_id and s.pipeline_id = d.pipeline_id and s.key = d.stage
      where ${memberIn(scopes.deal, 'g.owner_id')} and s.outcome = 'won' and d.closed_at is not null and ${inPeriod('d.closed_at', period, timeZone)}
        ${options.pipelineId ? sql`and d.pipeline_id = ${options.pipelineId}` : sql``}
      group by g.group_id, d.currency
    ),
    won as (
      select group_id, sum(won_deals)::int as won_deals,
        jsonb_agg(jsonb_build_object('currency', currency, 'amount', amount::text) order by currency) as won_revenue
      from won_by_currency group by group_id
    )
    select n.group_id, n.name, a.calls, a.meetings, a.emails, a.tasks_done, a.tasks_overdue,
      l.leads, l.leads_contacted, l.median_first_response_minutes,
      case when n.is_deal_visible then coalesce(w.won_deals, 0) end as won_deals,
      case when n.is_deal_visible then ${options.isAmountHidden ? sql`null::jsonb` : sql`coalesce(w.won_revenue, '[]'::jsonb)`} end as won_revenue
    from named n
    left join acts a on a.group_id = n.group_id
    left join leads l on l.group_id = n.group_id
    left join won w on w.group_id = n.group_id
    order by n.name, n.group_id`.execute(ctx.db);
  return rows.rows.map(({ group_id, ...figures }) => ({ id: group_id, ...figures }));
}

/**
 * Team activity in the period, per member and per team: calls, meetings and emails done, tasks
 * done and overdue, leads and the median first-response time, deals won and the revenue won.
 * Each figure follows the reader's scope in its record type (activities, leads, deals).
 */
export async function getTeamActivity(ctx: ServiceContext, filters: AnalyticsFilters) {
  const workspaceId = ctx.principal.workspaceId;
  const readable = {
    activity: readableScope(ctx.principal, 'activity'),
    lead: readableScope(ctx.principal, 'lead'),
    deal: readableScope(ctx.principal, 'deal'),
  };
  // A reader of none of them is refused, as reading activities would be.
  if (!readable.activity && !readable.lead && !readable.deal) authorize(ctx.principal, 'activity', 'read');
  const narrow = async (scope: RecordScope | null) => (scope ? narrowScope(ctx.db, workspaceId, scope, filters) : null);
  const scopes: Scopes = { activity: await narrow(readable.activity), lead: await narrow(readable.lead), deal: await narrow(readable.deal) };
  const isAmountHidden = !readable.deal || hiddenColumns(ctx.principal, dealRecordType).has('amount');
  const timeZone = await workspaceTimeZone(ctx.db, workspaceId);
  const period = resolvePeriod(filters).current;
  const options = { scopes, period, timeZone, pipelineId: filters.pipeline_id, teamId: filters.team_id, isAmountHidden };
  return {
    period,
    is_amount_hidden: isAmountHidden,
    members: await activityBy(ctx, 'member', options),
    teams: await activityBy(ctx, 'team', options),
  };
}
