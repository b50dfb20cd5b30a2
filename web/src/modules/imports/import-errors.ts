import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const IMPORT_PROBLEMS = ['IMPORT_FILE_EMPTY', 'IMPORT_FILE_TOO_LARGE', 'IMPORT_ALREADY_STARTED', 'IMPORT_NOT_RUNNING'] as const;
type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

const isImportProblem = (code: unknown): code is ImportProblem => (IMPORT_PROBLEMS as readonly unknown[]).includes(code);

/** Like describeError, with the import module's own refusals in the reader's language. */
export function describeImportError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isImportProblem(error.problem.code)) return { title: i18n.t(`imports.problems.${error.problem.code}`) };
  return describeError(error);
}

export const notifyImportError = (error: unknown) => notifyError(error, describeImportError);
