import { sql, type RawBuilder } from 'kysely';
import type { RecordScope } from '../../platform/auth/permissions.ts';
import { ownersCondition } from '../../platform/records/record-scope.ts';

/** What narrows the deals of a sales report: the reader's (narrowed) scope and the deal filters. */
export interface DealReportFilter {
  workspaceId: string;
  scope: RecordScope;
  pipelineId?: string;
  /** The acquisition source of the deal's contact (people keep it; a converted lead passes its own on). */
  source?: string;
}

/** Deals of the workspace the reader may read (owner or co-owner in scope) that pass the report's filters; `d` is the deal. */
export function dealReportCondition(filter: DealReportFilter): RawBuilder<boolean> {
  return sql<boolean>`d.workspace_id = ${filter.workspaceId}
    and ${ownersCondition(filter.scope, 'd.owner_id', 'd.co_owner_ids')}
    ${filter.pipelineId ? sql`and d.pipeline_id = ${filter.pipelineId}` : sql``}
    ${filter.source ? sql`and exists (select 1 from person p where p.workspace_id = d.workspace_id and p.id = d.person_id and p.source = ${filter.source})` : sql``}`;
}

/**
 * Each deal with how far it got in its current pipeline: `furthest` is the position of the
 * furthest open stage its stage history entered there (a deal made without history counts as
 * having entered the first open stage), `outcome` that of its current stage. A deal "reached"
 * an open stage when it was won or its furthest stage is at or after it, so a deal that skipped
 * a stage counts as having passed it; a lost deal was lost at its furthest stage.
 */
export function dealProgress(where: RawBuilder<boolean>) {
  return sql`
    select d.id, d.pipeline_id, d.owner_id, d.person_id, d.stage, d.amount, d.currency, d.created_at, d.closed_at,
      d.expected_close_date, cur.outcome, cur.position as current_position, cur.probability,
      coalesce(
        (select max(s.position) from deal_stage_history h
          join pipeline_stage s on s.workspace_id = h.workspace_id and s.pipeline_id = h.pipeline_id and s.key = h.to_stage
          where h.workspace_id = d.workspace_id and h.deal_id = d.id and h.pipeline_id = d.pipeline_id and s.outcome = 'open'),
        (select min(s.position) from pipeline_stage s where s.workspace_id = d.workspace_id and s.pipeline_id = d.pipeline_id and s.outcome = 'open')
      ) as furthest
    from deal d
    join pipeline_stage cur on cur.workspace_id = d.workspace_id and cur.pipeline_id = d.pipeline_id and cur.key = d.stage
    where ${where}`;
}

/** Whether a deal of `dealProgress` (alias `g`) reached stage `s` (a `pipeline_stage`). */
export const reachedStage = sql<boolean>`(case when s.outcome = 'open' then g.outcome = 'won' or g.furthest >= s.position else g.stage = s.key end)`;
