import { useState, type FormEvent } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import {
  checkLines, emptyLine, isChanged, lineDrafts, rowKeyedErrors,
  type ProductLineDraft, type ProductLineInput, type ProductLineProblem, type ProductLinesModel, type SavedProductLine,
} from './product-lines.draft.ts';

interface ProductLinesDraftOptions<Line extends SavedProductLine, Draft extends ProductLineDraft, Input extends ProductLineInput, Problem extends string, Body> {
  model: ProductLinesModel<Line, Draft, Input, Problem>;
  saved: Line[];
  /** Held by whatever outlives the editor: a save gives it new lines and so remounts it, which must not drop the save's callbacks. */
  save: UseMutationResult<unknown, Error, Body>;
  bodyOf: (lines: Input[]) => Body;
  /** A check's problem in words; a missing value is the form's own `required`. */
  problemText: (problem: Exclude<ProductLineProblem | Problem, 'required'>) => string;
  /** Words for the server's problem codes that name a line's field, e.g. a product without a price in the currency. */
  codeTexts: Record<string, string>;
  savedMessage: string;
}

/** What the editor's table and buttons work with. */
export interface ProductLinesDraft<Draft extends ProductLineDraft> {
  drafts: Draft[];
  /** Keyed `<rowKey>.<field>`, or by the server's field for what no line answers for. */
  errors: Record<string, string>;
  /** Whether the lines differ from the saved ones in anything that would be sent. */
  isChanged: boolean;
  isSaving: boolean;
  /** Below the server's bound on the number of lines. */
  canAdd: boolean;
  change: (draft: Draft) => void;
  changeAll: (update: (draft: Draft) => Draft) => void;
  add: () => void;
  remove: (rowKey: string) => void;
  reset: () => void;
  onSubmit: (event: FormEvent) => void;
}

/** The editor's copy of a deal's or an order's lines: change, add, remove, reset, and save with per-line errors. */
export function useProductLinesDraft<Line extends SavedProductLine, Draft extends ProductLineDraft, Input extends ProductLineInput, Problem extends string, Body>(
  options: ProductLinesDraftOptions<Line, Draft, Input, Problem, Body>,
): ProductLinesDraft<Draft> {
  const { model, saved, save, bodyOf, problemText, codeTexts, savedMessage } = options;
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<Draft[]>(() => lineDrafts(model, saved));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const clearErrors = (rowKey: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith(`${rowKey}.`))));

  const change = (next: Draft) => {
    setDrafts((current) => current.map((draft) => (draft.rowKey === next.rowKey ? next : draft)));
    clearErrors(next.rowKey);
  };

  /** Every line at once, e.g. catalogue lines repriced from another price list. */
  const changeAll = (update: (draft: Draft) => Draft) => {
    setDrafts((current) => current.map(update));
    setErrors({});
  };

  const add = () => setDrafts((current) => [...current, emptyLine(model)]);

  const remove = (rowKey: string) => {
    setDrafts((current) => current.filter((draft) => draft.rowKey !== rowKey));
    clearErrors(rowKey);
  };

  const reset = () => {
    setDrafts(lineDrafts(model, saved));
    setErrors({});
  };

  const onServerError = (error: unknown, sent: Draft[]) => {
    notifyError(error);
    if (!isApiError(error)) return;
    const fieldErrors = error.fieldErrors();
    for (const problem of error.problem.errors ?? []) {
      const text = codeTexts[problem.code];
      if (text) fieldErrors[problem.field] = text;
    }
    setErrors(rowKeyedErrors(sent, fieldErrors));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkLines(model, drafts);
    if ('problems' in checked) {
      setErrors(Object.fromEntries(Object.entries(checked.problems)
        .map(([field, problem]) => [field, problem === 'required' ? t('form.required') : problemText(problem as Exclude<ProductLineProblem | Problem, 'required'>)])));
      return;
    }
    const sent = drafts;
    save.mutate(bodyOf(checked.lines), {
      onSuccess: () => notifySuccess(savedMessage),
      onError: (error) => onServerError(error, sent),
    });
  };

  return {
    drafts, errors, isChanged: isChanged(model, drafts, saved), isSaving: save.isPending, canAdd: drafts.length < model.maxLines,
    change, changeAll, add, remove, reset, onSubmit,
  };
}
