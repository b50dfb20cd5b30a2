export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const DEDUPE_MODES = ['update', 'skip', 'create'] as const;
/** What a row that matches an existing record (on email, phone or INN) does. */
export type DedupeMode = (typeof DEDUPE_MODES)[number];

/** CSV column → field name (custom fields as `custom.<key>`); null leaves the column out. */
export type ImportMapping = Record<string, string | null>;

export interface ImportJob {
  id: string;
  object_type: string;
  file_name: string;
  file_bytes: number;
  columns: string[];
  delimiter: string;
  mapping: ImportMapping | null;
  dedupe_mode: DedupeMode;
  is_dry_run: boolean;
  status: ImportStatus;
  rows_processed: number;
  /** 0 to 1, by bytes of the file read. */
  progress: number;
  rows_created: number;
  rows_updated: number;
  rows_skipped: number;
  rows_failed: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The answer to an upload: the file's first rows and the server's guess at the mapping. */
export interface UploadedImport extends ImportJob {
  /** The first rows after the header. */
  sample: string[][];
  suggested_mapping: ImportMapping;
}

export interface StartImportInput {
  mapping: ImportMapping;
  dedupe: DedupeMode;
  dry_run: boolean;
}

/** One line of the error report; the header is row 1, so the first data row is row 2. */
export interface ImportRowError {
  row_number: string;
  column_name: string;
  value: string;
  /** The reason in English, as the CSV report gives it. */
  message: string;
  /** The reason's stable code (NOT_A_DATE, REQUIRED, …), named in the reader's language. */
  code: string;
}

/** What a vCard file did: people created, and cards skipped because their email or phone is known. */
export interface VcardImportResult {
  created: number;
  created_ids: string[];
  /** `card` counts from 0 in the file's order; `person_id` is who already has the email or phone. */
  skipped: { card: number; person_id: string; reason: string }[];
}
