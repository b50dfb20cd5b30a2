// The graph is the server's own schema, shared so the editor and the API agree on every shape.
import type { JourneyDefinition, JourneyEdge, JourneyNode, NodeType } from '../../../../src/modules/journeys/journey-graph.schema.ts';

export type { JourneyDefinition, JourneyEdge, JourneyNode, NodeType };
export { requiredBranches } from '../../../../src/modules/journeys/journey-graph.schema.ts';

export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

export interface Journey {
  id: string;
  name: string;
  description: string | null;
  status: JourneyStatus;
  definition: JourneyDefinition;
  template_key: string | null;
  current_version: { id: string; number: number; created_at: string } | null;
  created_at: string;
  updated_at: string;
  in_progress?: number;
  enrolled?: number;
}

export interface NodeCounts { node_id: string; waiting: number; passed: number; exited: number }
export interface JourneyTemplate { key: string; name: { ru: string; en: string } }
