import { sql, type RawBuilder } from 'kysely';
import { authorize, readableScope, type RecordScope } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';
import { orderRecordType } from '../commerce/index.ts';
import { leadRecordType } from '../leads/index.ts';
import { personRecordType } from '../people/index.ts';
import { narrowScope, type AnalyticsFilters, type Period } from './analytics-filters.ts';

/**
 * What the customer reports (cohorts, KPIs, Pareto, channels) count, for one reader and filters.
 *
 * Customer reports are about customers: they count the people in the reader's person scope
 * (narrowed by the owner and team filters, by the person's owner) and those people's orders, as
 * soon as the reader may read orders at all — the rule the customer's purchase totals follow.
 * Revenue is net of returns (`total − returned_total`) of purchases (orders paid, fulfilled or
 * returned) in the workspace's currency, dated by when they were placed.
 */
export interface CustomerBase {
  workspaceId: string;
  timeZone: string;
  currency: string;
  personScope: RecordScope;
  /** Leads the reader may read, narrowed like people; null when they may not read leads. */
  leadScope: RecordScope | null;
  source: string | undefined;
  /** Only customers in this RFM segment (customer-value's latest scores). */
  segment: AnalyticsFilters['segment'];
  /** The order total is hidden from the reader: every money figure is null. */
  isMoneyHidden: boolean;
  /** People's cities are hidden from the reader. */
  isCityHidden: boolean;
  /** The figures cover only some owners (role scope or owner/team filter); spend is not attributed to owners. */
  isNarrowed: boolean;
}

export async function loadCustomerBase(ctx: ServiceContext, filters: AnalyticsFilters): Promise<CustomerBase> {
  const { principal, db } = ctx;
  const workspaceId = principal.workspaceId;
  if (filters.from && filters.to && filters.from > filters.to) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'to', detail: 'to: the period ends before it starts' });
  }
  const people = authorize(principal, 'person', 'read');
  authorize(principal, 'order', 'read');
  const hiddenPerson = hiddenColumns(principal, personRecordType);
  // A filter on a hidden field would let its values be probed.
  if (filters.source && hiddenPerson.has('source')) throw PlatformErrors.FORBIDDEN({ field: 'source', detail: 'Your role may not see people’s source' });
  const leads = readableScope(principal, 'lead');
  const workspace = await db.selectFrom('workspace').select(['time_zone', 'currency']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const personScope = await narrowScope(db, workspaceId, people, filters);
  return {
    workspaceId,
    timeZone: workspace.time_zone,
    currency: workspace.currency,
    personScope,
    leadScope: leads && !hiddenColumns(principal, leadRecordType).has('status') ? await narrowScope(db, workspaceId, leads, filters) : null,
    source: filters.source,
    segment: filters.segment,
    isMoneyHidden: hiddenColumns(principal, orderRecordType).has('total'),
    isCityHidden: hiddenPerson.has('city'),
    isNarrowed: personScope.kind !== 'all',
  };
}

/** `customers (id, source, city, created_at)`: the people the report counts. */
export function customersCte(base: CustomerBase): RawBuilder<unknown> {
  return sql`customers as (
    select p.id, p.source, p.city, p.created_at from person p
    where p.workspace_id = ${base.workspaceId} and ${ownersCondition(base.personScope, 'p.owner_id')}
      ${base.source ? sql`and p.source = ${base.source}` : sql``}
      ${base.segment ? sql`and exists (select 1 from customer_score s where s.workspace_id = p.workspace_id and s.person_id = p.id and s.rfm_segment = ${base.segment})` : sql``}
  )`;
}

/** `purchases (id, person_id, placed_at, channel, revenue)`: the customers' purchases in the workspace's currency. */
export function purchasesCte(base: CustomerBase): RawBuilder<unknown> {
  return sql`purchases as (
    select o.id, o.person_id, o.placed_at, o.channel, o.total - o.returned_total as revenue
    from sales_order o join customers c on c.id = o.person_id
    where o.workspace_id = ${base.workspaceId} and o.currency = ${base.currency} and o.status in ('paid', 'fulfilled', 'returned')
  )`;
}

/** The leads the report counts: created in the period, in the reader's lead scope and the source filter. */
export function leadsCondition(base: CustomerBase, scope: RecordScope, alias = 'l'): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.workspace_id`)} = ${base.workspaceId} and ${ownersCondition(scope, `${alias}.owner_id`)}
    ${base.source ? sql`and ${sql.ref(`${alias}.source`)} = ${base.source}` : sql``}`;
}

/** The first moment after a period, in the workspace's time zone. */
export function periodEnd(period: Period, timeZone: string): RawBuilder<Date> {
  return sql<Date>`((${period.to}::date + 1)::timestamp at time zone ${timeZone})`;
}

/**
 * Spend in the period and currency, per channel: each month's amount counts in proportion to the
 * days of that month inside the period, so a period that cuts a month takes its share.
 */
export function spendQuery(base: CustomerBase, period: Period, channel?: string): RawBuilder<{ channel: string; spend: string }> {
  return sql<{ channel: string; spend: string }>`
    select channel, round(sum(amount
      * (least((month + interval '1 month')::date - 1, ${period.to}::date) - greatest(month, ${period.from}::date) + 1)
      / ((month + interval '1 month')::date - month)), 2)::text as spend
    from marketing_spend
    where workspace_id = ${base.workspaceId} and currency = ${base.currency}
      and month <= ${period.to}::date and (month + interval '1 month')::date > ${period.from}::date
      ${channel ? sql`and channel = ${channel}` : sql``}
    group by channel`;
}

/** A money figure as the reader may see it. */
export const money = (base: CustomerBase, value: string | number | null | undefined): string | null =>
  base.isMoneyHidden || value === null || value === undefined ? null : Number(value).toFixed(2);
