import type { ColumnType, Generated } from 'kysely';
import type { EnrollmentStatus, JourneyDefinition } from './journey-graph.schema.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface JourneyTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  status: 'draft' | 'live' | 'paused' | 'archived';
  definition: Json<JourneyDefinition>;
  current_version_id: string | null;
  template_key: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface JourneyVersionTable {
  workspace_id: string;
  id: string;
  journey_id: string;
  number: number;
  definition: Json<JourneyDefinition>;
  trigger_event: string | null;
  trigger_segment_id: string | null;
  goal_events: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface JourneyEnrollmentTable {
  workspace_id: string;
  id: string;
  journey_id: string;
  version_id: string;
  person_id: string;
  trigger_key: string;
  entry_number: ColumnType<number, number | undefined, number>;
  current_node: string;
  status: EnrollmentStatus;
  wait_until: Timestamp | null;
  entered_at: Generated<Date>;
  finished_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface JourneyStepLogTable {
  workspace_id: string;
  id: string;
  enrollment_id: string;
  version_id: string;
  node_id: string;
  outcome: string;
  detail: string | null;
  at: Generated<Date>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    journey: JourneyTable;
    journey_version: JourneyVersionTable;
    journey_enrollment: JourneyEnrollmentTable;
    journey_step_log: JourneyStepLogTable;
  }
}
