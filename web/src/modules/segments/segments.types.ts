// The rule tree is the server's own schema, shared so the builder and the API agree on every shape.
export type {
  Comparison, SegmentRule, SegmentRuleCondition, RuleGroup,
} from '../../../../src/modules/segments/segment-rules.schema.ts';

export type SegmentKind = 'dynamic' | 'static';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  kind: SegmentKind;
  rules: import('../../../../src/modules/segments/segment-rules.schema.ts').SegmentRule | null;
  member_count: number;
  evaluated_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface SegmentPreview {
  count: number;
  sample: { id: string; full_name: string | null }[];
}

export interface SegmentMember {
  person_id: string;
  full_name: string | null;
  email: string | null;
  entered_at: string;
}

export interface MembershipEvent {
  id: string;
  segment_id: string;
  segment_name: string | null;
  person_id: string;
  full_name: string | null;
  change: 'entered' | 'exited';
  occurred_at: string;
}

export interface MembersChange {
  added: number;
  removed: number;
  not_found: string[];
}

export interface CsvImportResult {
  rows: number;
  matched: number;
  added: number;
  unmatched: { row: number; value: string; reason: 'not_found' | 'invalid_phone' | 'empty' }[];
}
