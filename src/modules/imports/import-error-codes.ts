import type { z } from 'zod';

/**
 * Why a row could not be imported, as a stable code beside the English message. The web wizard
 * names each in the reader's language (web/src/i18n, `imports.errors.reasons`).
 */
export const IMPORT_ROW_ERROR_CODES = [
  'NOT_A_NUMBER', 'NOT_AN_AMOUNT', 'NOT_YES_OR_NO', 'NOT_A_DATE',
  'TOO_LONG', 'TOO_SHORT', 'TOO_MANY_ITEMS', 'OUT_OF_RANGE',
  'INVALID_EMAIL', 'INVALID_URL', 'INVALID_DATE', 'INVALID_FORMAT', 'NOT_AN_OPTION', 'INVALID_VALUE',
  'INVALID_FOR_REGION', 'REQUIRED', 'REFERENCE_NOT_FOUND', 'RECORD_RULE',
] as const;

export type ImportRowErrorCode = (typeof IMPORT_ROW_ERROR_CODES)[number];

/** The code of a field schema's refusal (zod 4 issue codes and formats). */
export function codeOfIssue(issue: z.core.$ZodIssue | undefined): ImportRowErrorCode {
  switch (issue?.code) {
    case 'too_big':
      return issue.origin === 'string' ? 'TOO_LONG' : issue.origin === 'array' ? 'TOO_MANY_ITEMS' : 'OUT_OF_RANGE';
    case 'too_small':
      return issue.origin === 'string' ? 'TOO_SHORT' : 'OUT_OF_RANGE';
    case 'invalid_format':
      if (issue.format === 'email') return 'INVALID_EMAIL';
      if (issue.format === 'url') return 'INVALID_URL';
      if (issue.format === 'date' || issue.format === 'datetime') return 'INVALID_DATE';
      return 'INVALID_FORMAT';
    case 'invalid_value':
      return 'NOT_AN_OPTION';
    case 'invalid_element':
      return codeOfIssue(issue.issues[0]);
    default:
      return 'INVALID_VALUE';
  }
}
