import { isApiError } from '../../../api/http.client.ts';
import { describeError } from '../../../api/problem-message.ts';
import { notifyError } from '../../../api/query.client.ts';
import { i18n } from '../../../i18n/i18n.setup.ts';

const CUSTOM_OBJECT_PROBLEMS = ['CUSTOM_OBJECT_NOT_FOUND', 'CUSTOM_OBJECT_KEY_TAKEN', 'CUSTOM_OBJECT_HAS_RECORDS', 'CUSTOM_OBJECT_REFERENCED'] as const;
type CustomObjectProblem = (typeof CUSTOM_OBJECT_PROBLEMS)[number];

const isCustomObjectProblem = (code: unknown): code is CustomObjectProblem => (CUSTOM_OBJECT_PROBLEMS as readonly unknown[]).includes(code);

/**
 * Like describeError, with the custom objects' own refusals in the reader's language. The server's
 * detail stays: it says how many records are in the way. Relation fields in the way are named by
 * their labels, which the server sends with each.
 */
export function describeCustomObjectError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isCustomObjectProblem(error.problem.code)) {
    const title = i18n.t(`customObjects.problems.${error.problem.code}`);
    const fields = error.problem.errors ?? [];
    if (error.problem.code === 'CUSTOM_OBJECT_REFERENCED' && fields.length > 0) {
      return { title, detail: i18n.t('customObjects.referencedBy', { fields: fields.map((f) => f.message).join(', ') }) };
    }
    return { title, detail: error.problem.detail };
  }
  return describeError(error);
}

export const notifyCustomObjectError = (error: unknown) => notifyError(error, describeCustomObjectError);
