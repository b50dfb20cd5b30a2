import { useMemo, useState, type FormEvent } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';

/** A refused row: `field` names the part the server refused (e.g. `role`); absent, the row itself. */
export interface RecordLinkError {
  field?: string;
  message: string;
}

interface RecordLinksDraftOptions<Draft, Input> {
  saved: Draft[];
  /** Tells the rows apart; a row's errors and the adders' exclusions go by it. */
  keyOf: (draft: Draft) => string;
  /** Whether a row differs in anything but its key from the saved row at its place, which has the same key. */
  isChangedRow: (draft: Draft, saved: Draft) => boolean;
  /** Left out: every row is sent. */
  isSent?: (draft: Draft) => boolean;
  toInput: (draft: Draft) => Input;
  /** From useReplaceRecordLinks, held by whatever outlives the editor (a save remounts it with the saved list). */
  save: UseMutationResult<unknown, Error, Input[]>;
  /** The list's field in the request body: the server's row errors are `<field>.<index>[.<part>]`. */
  field: string;
  savedMessage: string;
}

/** The editor's copy of a record's linked records: dirty tracking, add, change, remove, reset, and save with per-row errors. */
export function useRecordLinksDraft<Draft, Input>(options: RecordLinksDraftOptions<Draft, Input>) {
  const { saved, keyOf, isChangedRow, isSent = () => true, toInput, save, field, savedMessage } = options;
  const [drafts, setDrafts] = useState<Draft[]>(saved);
  const [errors, setErrors] = useState<Record<string, RecordLinkError>>({});
  const keys = useMemo(() => new Set(drafts.map(keyOf)), [drafts, keyOf]);
  const isDirty = drafts.length !== saved.length
    || drafts.some((draft, index) => keyOf(draft) !== keyOf(saved[index]) || isChangedRow(draft, saved[index]));

  /** A row already listed is not added twice. */
  const add = (draft: Draft) =>
    setDrafts((current) => (current.some((other) => keyOf(other) === keyOf(draft)) ? current : [...current, draft]));

  const change = (key: string, changes: Partial<Draft>) => {
    setDrafts((current) => current.map((draft) => (keyOf(draft) === key ? { ...draft, ...changes } : draft)));
    setErrors({});
  };

  const remove = (key: string) => setDrafts((current) => current.filter((draft) => keyOf(draft) !== key));

  const clearErrors = () => setErrors({});

  const reset = () => {
    setDrafts(saved);
    setErrors({});
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const sent = drafts.filter(isSent);
    const rowError = new RegExp(`^${field}\\.(\\d+)(?:\\.(\\w+))?`);
    save.mutate(sent.map(toInput), {
      onSuccess: () => notifySuccess(savedMessage),
      onError: (error) => {
        notifyError(error);
        if (!isApiError(error)) return;
        const found: Record<string, RecordLinkError> = {};
        for (const [path, message] of Object.entries(error.fieldErrors())) {
          const match = rowError.exec(path);
          const draft = match ? sent[Number(match[1])] : undefined;
          if (draft) found[keyOf(draft)] = { field: match?.[2], message };
        }
        setErrors(found);
      },
    });
  };

  return { drafts, errors, keys, isDirty, isSaving: save.isPending, add, change, remove, clearErrors, reset, onSubmit };
}
