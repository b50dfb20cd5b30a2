import type { Filter } from './records.types.ts';

export const EXPORT_FORMATS = ['csv', 'vcf'] as const;
/** vcf (vCard 4) is for people only. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

/** A background export; only whoever asked for it sees it, and its file is kept for a day. */
export interface ExportJob {
  id: string;
  object_type: string;
  format: ExportFormat;
  status: ExportStatus;
  /** How many records match, counted when the export starts. */
  rows_total: number | null;
  rows_done: number;
  file_bytes: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string;
}

export interface StartExportInput {
  object_type: string;
  format: ExportFormat;
  filter?: Filter;
  q?: string;
}
