import type { Me } from '../auth/auth.types.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { fieldValue, isFilled, isSameValue } from '../records/record-fields.ts';
import type { FieldMeta, ObjectTypeMeta, RecordData } from '../records/records.types.ts';
import type { DuplicateReason, MergeTake } from './duplicates.types.ts';

/** The record types with duplicate detection on the server. */
const DUPLICATE_TYPES = ['person', 'company', 'lead'] as const;

/** Mirrors the server: reviewing and merging duplicates takes the right to update the type. */
export function reviewableTypes(me: Me | null | undefined): string[] {
  return DUPLICATE_TYPES.filter((type) => can(me, type, 'update'));
}

const REASONS: readonly string[] = ['email', 'phone', 'inn', 'similar_name'] satisfies DuplicateReason[];
export const isKnownReason = (reason: string): reason is DuplicateReason => REASONS.includes(reason);

export interface ComparedField {
  field: FieldMeta;
  /** The values differ (one may be empty). */
  isDifferent: boolean;
  /** Both records have a value, they differ, and the reader may write the field: the reader picks one. */
  isChoice: boolean;
}

/** The fields worth comparing: those the reader may see and at least one of the records has a value in. */
export function comparedFields(me: Me, objectType: ObjectTypeMeta, [a, b]: [RecordData, RecordData]): ComparedField[] {
  return objectType.fields
    .filter((field) => fieldAccess(me, objectType.type, field.name) !== 'hidden')
    .filter((field) => isFilled(fieldValue(a, field)) || isFilled(fieldValue(b, field)))
    .map((field) => {
      const isDifferent = !isSameValue(fieldValue(a, field), fieldValue(b, field));
      const isBothFilled = isFilled(fieldValue(a, field)) && isFilled(fieldValue(b, field));
      return { field, isDifferent, isChoice: isDifferent && isBothFilled && fieldAccess(me, objectType.type, field.name) === 'write' };
    });
}

/** The older record survives unless the reader says otherwise: it has the longer history. */
export function defaultSurvivor([a, b]: [RecordData, RecordData]): string {
  return (b.created_at ?? '') < (a.created_at ?? '') ? b.id : a.id;
}

/**
 * The id of the record whose value the survivor ends up with. Mirrors the server: the reader's
 * pick, else the survivor's own value, else the merged record's.
 */
export function keptFrom(field: FieldMeta, survivor: RecordData, merged: RecordData, picked: string | undefined): string {
  if (picked) return picked;
  return isFilled(fieldValue(survivor, field)) ? survivor.id : merged.id;
}

/** The reader's picks (field → record id) as the merge request names them. */
export function mergeTake(picks: Record<string, string>, survivorId: string): MergeTake {
  return Object.fromEntries(Object.entries(picks).map(([name, id]) => [name, id === survivorId ? 'survivor' : 'merged']));
}
