export type Localised = { en: string; ru: string };
export type Classification = 'plain' | 'personal' | 'sensitive';

export interface RetentionRules {
  lead_retention_years: number | null;
  person_retention_years: number | null;
}

export interface RegisterEntry {
  module: string;
  table: string;
  record_type: string | null;
  what: Localised;
  purpose: Localised;
  retention: Localised;
  erasure: 'anonymised' | 'deleted' | 'scrubbed' | 'kept_minimal';
  fields: { name: string; label: Localised; classification: Classification; is_custom: boolean }[];
}

export interface ProcessingRegister {
  retention: RetentionRules;
  entries: RegisterEntry[];
}

export interface RetentionCandidate {
  type: 'person' | 'lead';
  id: string;
  title: string | null;
  last_activity_at: string | null;
}

export interface SubjectAccessRequest {
  id: string;
  person_id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'expired';
  sections_total: number | null;
  sections_done: number;
  error: string | null;
}

export interface ErasureOutcome {
  counts: Record<string, number>;
  total: number;
}
