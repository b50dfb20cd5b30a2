import path from 'node:path';
import { sql } from 'kysely';
import type { RapportModule } from '../../platform/module.ts';
import { applyEventToSegments, evaluateSegments, REALTIME_EVENTS } from './segment-evaluation.service.ts';
import { DATA_KINDS } from './segment-rules.compiler.ts';
import { seedSegments } from './segments.demo.ts';
import { segmentsPersonalData } from './segments.personal-data.ts';
import { registerSegmentRoutes } from './segments.routes.ts';

export { evaluateSegments, type SegmentEvaluation } from './segment-evaluation.service.ts';
export { compileRules } from './segment-rules.compiler.ts';
export { segmentRuleSchema, type SegmentRule } from './segment-rules.schema.ts';
export { loadSegment } from './segments.service.ts';

/** The people in a segment or list now, as a subquery of person ids: what a campaign snapshots. */
export const segmentMemberIds = (workspaceId: string, segmentId: string) =>
  sql<{ person_id: string }>`select person_id from segment_member where workspace_id = ${workspaceId} and segment_id = ${segmentId}`;

export const EVALUATE_SEGMENTS_JOB = 'segments.evaluate';
const REFRESH_JOB = 'segments.refresh';

/**
 * Segments: a rule tree over profile, orders, events, customer value, consent and other segments,
 * compiled to one SQL query; static lists; members with an entered/exited history, kept current
 * in real time per person and hourly for conditions that change with time (docs/segments.md).
 */
export const segmentsModule: RapportModule = {
  name: 'segments',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  personalData: segmentsPersonalData,
  routes: registerSegmentRoutes,
  seedDemo: seedSegments,
  eventHandlers: [{
    handler: 'segments.realtime',
    events: [...Object.keys(REALTIME_EVENTS), 'person.deleted', 'person.merged', 'person.unmerged'],
    handle: async (event, { db }) => void (await applyEventToSegments(db, event)),
  }],
  jobs: [
    {
      // A full evaluation: one segment (and those including it), or every dynamic segment of the workspace.
      name: EVALUATE_SEGMENTS_JOB,
      retryLimit: 2,
      expireInSeconds: 3600,
      handle: async (data: { workspace_id: string; segment_id?: string }, { db, log }) => {
        const outcomes = await evaluateSegments(db, data.workspace_id, data.segment_id
          ? { segmentIds: [data.segment_id] }
          : { dataKinds: DATA_KINDS });
        log.info({ workspaceId: data.workspace_id, segments: outcomes.length }, 'segments evaluated');
      },
    },
    {
      // Windows and recency change with time alone; scores and behavioural events arrive without
      // a per-person domain event. Those segments are evaluated in full every hour.
      name: REFRESH_JOB,
      cron: '7 * * * *',
      retryLimit: 1,
      expireInSeconds: 3600,
      handle: async (_data, { db, log }) => {
        const workspaces = (await sql<{ workspace_id: string }>`
          select distinct workspace_id from segment where kind = 'dynamic' and data_kinds && array['time', 'scores', 'events']`.execute(db)).rows;
        for (const { workspace_id } of workspaces) {
          const outcomes = await evaluateSegments(db, workspace_id, { dataKinds: ['time', 'scores', 'events'] });
          log.info({ workspaceId: workspace_id, segments: outcomes.length }, 'time-dependent segments evaluated');
        }
      },
    },
  ] as RapportModule['jobs'],
};
