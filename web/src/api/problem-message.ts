import { i18n } from '../i18n/i18n.setup.ts';
import { isApiError } from './http.client.ts';

/** Title and detail of an error for people: known codes in the UI language, else the server's words. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (!isApiError(error)) return { title: i18n.t('errors.unexpected') };
  const { code, title, detail } = error.problem;
  const key = `problems.${code ?? ''}`;
  // Dynamic key: the codes come from the server, so check before translating.
  const localTitle = code && i18n.exists(key) ? String(i18n.t(key as 'problems.INTERNAL')) : title;
  return { title: localTitle, detail: detail && detail !== title ? detail : undefined };
}
