import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import {
  fieldFor, fieldValue, initialValues, isFilled, isSameValue, listItemError, putFieldValue, toApiValue, type FormValues,
} from './record-fields.ts';
import { useOwnerLabel } from './owner-name.component.tsx';
import type { FieldMeta, RecordData } from './records.types.ts';

/**
 * After `changed` is set: a filled choice that the new value's set no longer offers gives way to
 * the set's first option, as a deal moved to another pipeline starts in its first stage.
 */
function withDependentsFollowing(fields: FieldMeta[], values: FormValues, changed: string): FormValues {
  const next = { ...values };
  for (const field of fields) {
    if (field.depends_on?.field !== changed || !isFilled(next[field.name])) continue;
    const offered = fieldFor(field, next).options ?? [];
    if (!offered.includes(String(next[field.name]))) next[field.name] = offered[0] ?? '';
  }
  return next;
}

/** Values, per-field errors and the API payload for a record form (create or edit). */
export function useRecordForm(fields: FieldMeta[], record?: RecordData) {
  const { t } = useTranslation();
  const ownerLabel = useOwnerLabel();
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, record));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const setValue = (name: string, value: unknown) => {
    setValues((current) => withDependentsFollowing(fields, { ...current, [name]: value }, name));
    setErrors((current) => {
      if (!current[name]) return current;
      const { [name]: _cleared, ...rest } = current;
      return rest;
    });
  };

  /** Checks required fields before a round trip; the server still has the last word. */
  const validate = (): boolean => {
    const missing: Record<string, string> = {};
    for (const field of fields) {
      if (field.required && field.kind !== 'boolean' && !isFilled(values[field.name])) missing[field.name] = t('form.required');
    }
    setErrors(missing);
    return Object.keys(missing).length === 0;
  };

  /**
   * For create: every filled field. For edit: only the fields that changed. Custom values go
   * under `custom`, where a PATCH merges them and null clears one.
   */
  const payload = (): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const value = values[field.name];
      // A dependent choice goes with a changed controlling field, so the server gets the pair the form shows.
      const controller = field.depends_on?.field;
      const isControllerChanged = !!controller && controller in values && !isSameValue(values[controller], record?.[controller]);
      const isIncluded = record ? !isSameValue(value, fieldValue(record, field)) || (isControllerChanged && isFilled(value)) : isFilled(value);
      if (isIncluded) putFieldValue(body, field, toApiValue(field, value));
    }
    return body;
  };

  /**
   * Puts the server's field errors next to their inputs (custom ones are named `custom.<key>`, a
   * text or member list's items `<name>.<index>`, shown on the list's input with the item or member); true when it found any.
   */
  const showServerErrors = (error: unknown): boolean => {
    if (!isApiError(error)) return false;
    const known: Record<string, string> = {};
    for (const [name, message] of Object.entries(error.fieldErrors())) {
      if (fields.some((field) => field.name === name)) {
        known[name] = message;
        continue;
      }
      const itemError = listItemError(name);
      const listField = itemError && fields.find((field) => field.name === itemError.field && (field.kind === 'text_list' || field.kind === 'user_list'));
      if (!itemError || !listField || known[listField.name]) continue;
      const item = (toApiValue(listField, values[listField.name]) as string[])[itemError.index];
      if (item === undefined) known[listField.name] = message;
      // The server names a member by id; the form names them.
      else known[listField.name] = listField.kind === 'user_list' ? t('records.memberNotActive', { name: ownerLabel(item) }) : `${item}: ${message}`;
    }
    setErrors(known);
    return Object.keys(known).length > 0;
  };

  const reset = (next?: RecordData) => {
    setValues(initialValues(fields, next ?? record));
    setErrors({});
  };

  const isDirty = record ? fields.some((field) => !isSameValue(values[field.name], fieldValue(record, field))) : true;

  /** A field as its input should offer it, given the other values (a deal's stages of the chosen pipeline). */
  const fieldOf = (field: FieldMeta) => fieldFor(field, { ...record, ...values });

  return { values, errors, setValue, fieldOf, validate, payload, showServerErrors, reset, isDirty };
}
