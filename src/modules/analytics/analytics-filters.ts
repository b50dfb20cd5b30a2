import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { RecordScope } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { RFM_SEGMENTS } from '../customer-value/index.ts';

/**
 * The filters every analytics report accepts. A report reads only those that apply to it and
 * says so in its OpenAPI description; dates are calendar days in the workspace's time zone.
 */
export const analyticsFiltersSchema = z.strictObject({
  from: z.iso.date().optional().describe('First day of the period (inclusive); defaults to 89 days before `to`'),
  to: z.iso.date().optional().describe('Last day of the period (inclusive); defaults to today'),
  owner_id: z.uuid().optional().describe('Only records owned by this user'),
  team_id: z.uuid().optional().describe('Only records owned by members of this team'),
  pipeline_id: z.uuid().optional().describe('Only deals of this pipeline'),
  source: z.string().min(1).max(200).optional().describe('Only records with this acquisition source'),
  segment: z.enum(RFM_SEGMENTS).optional().describe('Customer reports: only customers in this RFM segment of the latest scoring run'),
});
export type AnalyticsFilters = z.infer<typeof analyticsFiltersSchema>;

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_DAYS = 90;

export interface Period {
  /** Calendar days, inclusive. */
  from: string;
  to: string;
  days: number;
}

/** The period asked for, and the one of the same length just before it, for comparison. */
export function resolvePeriod(filters: Pick<AnalyticsFilters, 'from' | 'to'>, today = new Date()): { current: Period; previous: Period } {
  const to = filters.to ?? today.toISOString().slice(0, 10);
  const from = filters.from ?? new Date(Date.parse(to) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  const previousTo = new Date(Date.parse(from) - DAY_MS).toISOString().slice(0, 10);
  const previousFrom = new Date(Date.parse(previousTo) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { current: { from, to, days }, previous: { from: previousFrom, to: previousTo, days } };
}

/**
 * A timestamp column within a period's days, in the workspace's time zone: half-open
 * [from 00:00, to + 1 day 00:00) so an index on the column answers it.
 */
export function inPeriod(column: string, period: Period, timeZone: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} >= (${period.from}::date)::timestamp at time zone ${timeZone}
    and ${sql.ref(column)} < (${period.to}::date + 1)::timestamp at time zone ${timeZone}`;
}

export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspace').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.time_zone;
}

/**
 * The owners a report counts: the reader's record scope narrowed by the owner and team filters.
 * The result is a scope again, so `ownersCondition` turns it into SQL.
 */
export async function narrowScope(db: Db, workspaceId: string, scope: RecordScope, filters: Pick<AnalyticsFilters, 'owner_id' | 'team_id'>): Promise<RecordScope> {
  let ownerIds: string[] | null = scope.kind === 'owners' ? scope.ownerIds : null;
  if (filters.owner_id) ownerIds = ownerIds ? ownerIds.filter((id) => id === filters.owner_id) : [filters.owner_id];
  if (filters.team_id) {
    const members = (await db.selectFrom('team_member').select('user_id')
      .where('workspace_id', '=', workspaceId).where('team_id', '=', filters.team_id).execute()).map((m) => m.user_id);
    ownerIds = ownerIds ? ownerIds.filter((id) => members.includes(id)) : members;
  }
  return ownerIds ? { kind: 'owners', ownerIds } : { kind: 'all' };
}
