import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const PRICE_LIST_PROBLEMS = ['PRICE_LIST_NOT_FOUND'] as const;
type PriceListProblem = (typeof PRICE_LIST_PROBLEMS)[number];

const isPriceListProblem = (code: unknown): code is PriceListProblem => (PRICE_LIST_PROBLEMS as readonly unknown[]).includes(code);

/** Like describeError, with the price lists' own refusals in the reader's language. */
export function describePriceListError(error: unknown): { title: string; detail?: string } {
  if (isApiError(error) && isPriceListProblem(error.problem.code)) return { title: i18n.t(`priceLists.problems.${error.problem.code}`) };
  return describeError(error);
}

export const notifyPriceListError = (error: unknown) => notifyError(error, describePriceListError);

/** Shown in full up to this many; the server itself names at most 100. */
const MAX_SHOWN_ROWS = 20;

export interface CsvProblem {
  title: string;
  detail?: string;
  /** "Row 5: No product with SKU …", in file rows (the header is row 1). */
  rows: string[];
  hiddenRowCount: number;
}

/** A refused CSV file: the server's reason, and each bad row by its line in the file. */
export function describeCsvProblem(error: unknown): CsvProblem {
  const { title, detail } = describePriceListError(error);
  const problems = isApiError(error) ? error.problem.errors ?? [] : [];
  const rows = problems.map((problem) => {
    const index = /^rows\.(\d+)$/.exec(problem.field)?.[1];
    // Item N of the batch is line N + 2 of the file, under its header.
    return index === undefined ? problem.message : i18n.t('priceLists.csvRow', { row: Number(index) + 2, message: problem.message });
  });
  return { title, detail, rows: rows.slice(0, MAX_SHOWN_ROWS), hiddenRowCount: Math.max(0, rows.length - MAX_SHOWN_ROWS) };
}
