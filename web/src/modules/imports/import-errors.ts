import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { ImportRowError } from './imports.types.ts';

const IMPORT_PROBLEMS = ['IMPORT_FILE_EMPTY', 'IMPORT_FILE_TOO_LARGE', 'IMPORT_ALREADY_STARTED', 'IMPORT_NOT_RUNNING'] as const;
type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

const isImportProblem = (code: unknown): code is ImportProblem => (IMPORT_PROBLEMS as readonly unknown[]).includes(code);

/** Like describeError, with the import module's own refusals in the reader's language. */
export function describeImportError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isImportProblem(error.problem.code)) return { title: i18n.t(`imports.problems.${error.problem.code}`) };
  return describeError(error);
}

export const notifyImportError = (error: unknown) => notifyError(error, describeImportError);

// The row error codes of the server's import-error-codes.ts that this app names in the reader's language.
const ROW_ERROR_CODES = [
  'NOT_A_NUMBER', 'NOT_AN_AMOUNT', 'NOT_YES_OR_NO', 'NOT_A_DATE',
  'TOO_LONG', 'TOO_SHORT', 'TOO_MANY_ITEMS', 'OUT_OF_RANGE',
  'INVALID_EMAIL', 'INVALID_URL', 'INVALID_DATE', 'INVALID_FORMAT', 'NOT_AN_OPTION', 'INVALID_VALUE',
  'INVALID_FOR_REGION', 'REQUIRED', 'REFERENCE_NOT_FOUND', 'RECORD_RULE',
] as const;
type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

const isRowErrorCode = (code: unknown): code is RowErrorCode => (ROW_ERROR_CODES as readonly unknown[]).includes(code);

// Codes that only say "not accepted": the server's English reason says which rule, so it is shown too.
const GENERIC_ROW_CODES: ReadonlySet<RowErrorCode> = new Set(['INVALID_VALUE', 'RECORD_RULE']);

/** Why a row was refused, in the reader's language; a code this app does not know yet keeps the server's reason. */
export function describeRowError(row: ImportRowError): { reason: string; detail?: string } {
  if (!isRowErrorCode(row.code)) return { reason: row.message };
  return { reason: i18n.t(`imports.errors.reasons.${row.code}`), ...(GENERIC_ROW_CODES.has(row.code) ? { detail: row.message } : {}) };
}
