import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const PIPELINE_PROBLEMS = ['PIPELINE_NOT_FOUND', 'STAGE_IN_USE', 'PIPELINE_IN_USE', 'DEFAULT_PIPELINE'] as const;
type PipelineProblem = (typeof PIPELINE_PROBLEMS)[number];

const isPipelineProblem = (code: unknown): code is PipelineProblem => (PIPELINE_PROBLEMS as readonly unknown[]).includes(code);

/**
 * Like describeError, with the pipelines' own refusals in the reader's language. The server's
 * detail stays: it says how many deals are in the way.
 */
export function describePipelineError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isPipelineProblem(error.problem.code)) {
    return { title: i18n.t(`pipelines.problems.${error.problem.code}`), detail: error.problem.detail };
  }
  return describeError(error);
}

export const notifyPipelineError = (error: unknown) => notifyError(error, describePipelineError);
