import { sql, type RawBuilder } from 'kysely';
import { authorize, readableScope, type RecordScope } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import type { MESSAGE_SOURCES } from '../messaging/index.ts';
import './engagement.tables.ts';

export interface EngagementStats {
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  failed: number;
  skipped: number;
  unsubscribed: number;
  conversions: number;
  /** numeric as a string: money never becomes a float. */
  revenue: string;
  open_rate: number;
  click_rate: number;
  delivery_rate: number;
  unsubscribe_rate: number;
  conversion_rate: number;
}

export interface EngagementFilter {
  source: (typeof MESSAGE_SOURCES)[number];
  sourceId?: string;
  stepId?: string;
  variant?: string;
  groupBy?: 'step_id' | 'variant';
  /** Only messages to people whose owner this scope covers; all when left out. */
  personScope?: RecordScope;
}

export type GroupedEngagementStats = (EngagementStats & { group: string | null })[];

interface CountsRow {
  group: string | null;
  queued: number; sent: number; delivered: number; opened: number; clicked: number; bounced: number; failed: number; skipped: number;
  unsubscribed: number; conversions: number; revenue: string;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

function withRates(row: CountsRow): EngagementStats {
  const { group: _group, ...counts } = row;
  return {
    ...counts,
    delivery_rate: ratio(row.delivered, row.sent),
    open_rate: ratio(row.opened, row.delivered),
    click_rate: ratio(row.clicked, row.delivered),
    unsubscribe_rate: ratio(row.unsubscribed, row.delivered),
    conversion_rate: ratio(row.conversions, row.delivered),
  };
}

/**
 * Delivered: an SMS with a delivery report; email and Telegram have none, so for them a message
 * sent and neither bounced nor failed counts as delivered.
 */
const isDelivered = sql`(m.delivered_at is not null or (m.channel <> 'sms' and m.sent_at is not null and m.bounced_at is null and m.failed_at is null))`;

/**
 * Sent, delivered, open and click rates, unsubscribes, conversions and revenue of the messages of
 * one source (a campaign, a journey, a step, a variant), counted in one query. With groupBy, one
 * row per step or variant. Callers check who may read the figures (journeys and campaigns do).
 */
export async function engagementStats(db: Db, workspaceId: string, filter: EngagementFilter & { groupBy: 'step_id' | 'variant' }): Promise<GroupedEngagementStats>;
export async function engagementStats(db: Db, workspaceId: string, filter: EngagementFilter & { groupBy?: undefined }): Promise<EngagementStats>;
export async function engagementStats(db: Db, workspaceId: string, filter: EngagementFilter): Promise<EngagementStats | GroupedEngagementStats> {
  const where: RawBuilder<unknown>[] = [sql`m.workspace_id = ${workspaceId}`, sql`m.source = ${filter.source}`];
  if (filter.sourceId) where.push(sql`m.source_id = ${filter.sourceId}`);
  if (filter.stepId) where.push(sql`m.step_id = ${filter.stepId}`);
  if (filter.variant) where.push(sql`m.variant = ${filter.variant}`);
  const scoped = filter.personScope && filter.personScope.kind !== 'all';
  if (scoped) where.push(ownersCondition(filter.personScope!, 'p.owner_id'));
  const group = filter.groupBy ? sql.ref(`m.${filter.groupBy}`) : sql`null`;
  const rows = await sql<CountsRow>`
    select ${group}::text as "group",
      count(*)::int as queued,
      count(m.sent_at)::int as sent,
      count(*) filter (where ${isDelivered})::int as delivered,
      count(m.opened_at)::int as opened,
      count(m.clicked_at)::int as clicked,
      count(m.bounced_at)::int as bounced,
      count(*) filter (where m.status = 'failed')::int as failed,
      count(*) filter (where m.status = 'skipped')::int as skipped,
      count(*) filter (where exists (
        select 1 from message_unsubscribe u where u.workspace_id = m.workspace_id and u.message_id = m.id))::int as unsubscribed,
      coalesce(sum(c.conversions), 0)::int as conversions,
      coalesce(sum(c.revenue), 0)::numeric(18, 2)::text as revenue
    from message m
    ${scoped ? sql`join person p on p.workspace_id = m.workspace_id and p.id = m.person_id` : sql``}
    left join (
      select message_id, count(*) as conversions, sum(revenue) as revenue from message_conversion
      where workspace_id = ${workspaceId} group by message_id
    ) c on c.message_id = m.id
    where ${sql.join(where, sql` and `)}
    ${filter.groupBy ? sql`group by 1 order by 1 nulls first` : sql``}`.execute(db);
  if (filter.groupBy) return rows.rows.map((row) => ({ group: row.group, ...withRates(row) }));
  return withRates(rows.rows[0]!);
}

/** The readers' person scope: figures count only messages to people they may read. */
export function statsScope(ctx: ServiceContext): RecordScope {
  authorize(ctx.principal, 'message', 'read');
  const scope = readableScope(ctx.principal, 'person');
  if (!scope) throw PlatformErrors.FORBIDDEN({ detail: 'Your role may not read people' });
  return scope;
}

export interface EngagementKpis {
  from: string;
  to: string;
  currency: string;
  mailing_revenue: string;
  orders: number;
  attributed_orders: number;
  sales_revenue: string;
  share_of_sales_after_contact: number;
  delivered: number;
  responded: number;
  response_conversion: number;
}

/**
 * The workspace's seed KPIs for a period (days in its time zone): revenue from mailings, the
 * share of orders placed after a contact (attributed / all), and response conversion (delivered
 * messages the person clicked / delivered). Orders count within the reader's order scope,
 * messages within their person scope.
 */
export async function engagementKpis(ctx: ServiceContext, query: { from?: string; to?: string }): Promise<EngagementKpis> {
  const personScope = statsScope(ctx);
  const orderScope = authorize(ctx.principal, 'order', 'read');
  const workspaceId = ctx.principal.workspaceId;
  const workspace = await ctx.db.selectFrom('workspace').select(['time_zone', 'currency']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const defaults = (await sql<{ from: string; to: string }>`
    select coalesce(${query.from ?? null}::date, coalesce(${query.to ?? null}::date, (now() at time zone ${workspace.time_zone})::date) - 29)::text as "from",
      coalesce(${query.to ?? null}::date, (now() at time zone ${workspace.time_zone})::date)::text as "to"`.execute(ctx.db)).rows[0]!;
  const period = { from: defaults.from, to: defaults.to };
  if (period.from > period.to) throw PlatformErrors.VALIDATION_FAILED({ field: 'to', detail: 'to: the period ends before it starts' });
  const start = sql`(${period.from}::date::timestamp at time zone ${workspace.time_zone})`;
  const end = sql`((${period.to}::date + 1)::timestamp at time zone ${workspace.time_zone})`;
  const result = await sql<{ orders: number; attributed_orders: number; sales_revenue: string; mailing_revenue: string; delivered: number; responded: number }>`
    with orders as (
      select o.id, o.total - o.returned_total as revenue, c.order_id is not null as is_attributed, coalesce(c.revenue, 0) as attributed_revenue
      from sales_order o
      left join message_conversion c on c.workspace_id = o.workspace_id and c.order_id = o.id
      where o.workspace_id = ${workspaceId} and o.status <> 'cancelled' and o.placed_at >= ${start} and o.placed_at < ${end}
        and ${ownersCondition(orderScope, 'o.owner_id')}
    ), messages as (
      select m.clicked_at is not null as has_responded from message m
      join person p on p.workspace_id = m.workspace_id and p.id = m.person_id
      where m.workspace_id = ${workspaceId} and m.sent_at >= ${start} and m.sent_at < ${end} and ${isDelivered}
        and ${ownersCondition(personScope, 'p.owner_id')}
    )
    select
      (select count(*) from orders)::int as orders,
      (select count(*) filter (where is_attributed) from orders)::int as attributed_orders,
      (select coalesce(sum(revenue), 0) from orders)::numeric(18, 2)::text as sales_revenue,
      (select coalesce(sum(attributed_revenue), 0) from orders)::numeric(18, 2)::text as mailing_revenue,
      (select count(*) from messages)::int as delivered,
      (select count(*) filter (where has_responded) from messages)::int as responded`.execute(ctx.db);
  const row = result.rows[0]!;
  return {
    from: period.from, to: period.to, currency: workspace.currency, ...row,
    share_of_sales_after_contact: ratio(row.attributed_orders, row.orders),
    response_conversion: ratio(row.responded, row.delivered),
  };
}
