import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PrivacySettingsTable {
  workspace_id: string;
  lead_retention_years: number | null;
  person_retention_years: number | null;
  updated_at: Timestamp;
}

export interface SubjectAccessRequestTable {
  workspace_id: string;
  id: string;
  person_id: string;
  language: 'ru' | 'en';
  status: Generated<'queued' | 'running' | 'completed' | 'failed' | 'expired'>;
  actor_type: string;
  actor_id: string;
  sections_total: number | null;
  sections_done: Generated<number>;
  file_path: string;
  file_bytes: ColumnType<string | null, number | null, number | null>;
  error: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp;
}

declare module '../db/database.ts' {
  interface Database {
    privacy_settings: PrivacySettingsTable;
    subject_access_request: SubjectAccessRequestTable;
  }
}
