import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const LEAD_PROBLEMS = ['LEAD_ALREADY_CONVERTED', 'LEAD_DISQUALIFIED'] as const;
type LeadProblem = (typeof LEAD_PROBLEMS)[number];

const isLeadProblem = (code: unknown): code is LeadProblem => (LEAD_PROBLEMS as readonly unknown[]).includes(code);

/** Like describeError, with the lead module's own refusals in the reader's language. */
export function describeLeadError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isLeadProblem(error.problem.code)) return { title: i18n.t(`leads.problems.${error.problem.code}`) };
  return describeError(error);
}
