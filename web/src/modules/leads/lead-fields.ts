import type { FieldMeta } from '../records/records.types.ts';

/** Fields the lead's status actions set (mark contacted, disqualify, convert), not the form. */
const STATUS_FIELDS = new Set(['status', 'disqualify_reason']);

export const isFormField = (field: FieldMeta) => !STATUS_FIELDS.has(field.name);

/**
 * The fields of an existing lead's form. Every lead has a channel (a new one without it gets
 * "website"), and the server refuses to clear it, so the form offers no way to.
 */
export function editableLeadFields(fields: FieldMeta[]): FieldMeta[] {
  return fields.filter(isFormField).map((field) => (field.name === 'channel' ? { ...field, required: true } : field));
}
