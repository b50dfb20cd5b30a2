import { sql } from 'kysely';
import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { workspaceTimeZone } from './analytics-filters.ts';

/**
 * The last day the workspace saw any activity the reports count (an order, a deal, a lead). The web
 * app opens reports on the period ending then when it is in the past, so an imported archive (the
 * Online Retail set ends in 2011) shows its figures instead of an empty "last 90 days".
 * Only a date is told, whatever the reader's scope.
 */
export function registerDataRangeRoutes(app: ApiApp, { db }: ModuleContext) {
  app.get('/api/v1/analytics/data-range', {
    schema: {
      tags: ['analytics'], summary: 'The day of the workspace’s latest order, deal or lead, in its time zone (null without any)',
      response: { 200: z.object({ last_activity_on: z.string().nullable(), today: z.string() }) },
    },
  }, async (request) => {
    const { principal } = contextOf(request, db);
    const timeZone = await workspaceTimeZone(db, principal.workspaceId);
    const row = (await sql<{ last_day: string | null; today: string }>`
      select to_char((greatest(
          (select max(placed_at) from sales_order where workspace_id = ${principal.workspaceId}),
          (select max(created_at) from deal where workspace_id = ${principal.workspaceId}),
          (select max(created_at) from lead where workspace_id = ${principal.workspaceId})
        ) at time zone ${timeZone})::date, 'YYYY-MM-DD') as last_day,
        to_char((now() at time zone ${timeZone})::date, 'YYYY-MM-DD') as today`.execute(db)).rows[0]!;
    return { last_activity_on: row.last_day, today: row.today };
  });
}
