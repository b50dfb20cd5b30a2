import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const DUPLICATE_PROBLEMS = ['CANDIDATE_NOT_FOUND', 'MERGE_NOT_FOUND', 'MERGE_ALREADY_UNDONE', 'MERGE_SAME_RECORD'] as const;
type DuplicateProblem = (typeof DUPLICATE_PROBLEMS)[number];

const isDuplicateProblem = (code: unknown): code is DuplicateProblem => (DUPLICATE_PROBLEMS as readonly unknown[]).includes(code);

/** Like describeError, with the duplicate queue's own refusals in the reader's language. */
export function describeDuplicateError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isDuplicateProblem(error.problem.code)) return { title: i18n.t(`duplicates.problems.${error.problem.code}`) };
  return describeError(error);
}

export const notifyDuplicateError = (error: unknown) => notifyError(error, describeDuplicateError);
