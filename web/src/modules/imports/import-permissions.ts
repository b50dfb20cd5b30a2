import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';

/** The built-in record types the import page offers (the server also takes activities and products). */
const IMPORT_TYPES = ['person', 'company', 'deal', 'lead'] as const;

/**
 * Mirrors the server: importing creates records, so it takes the right to create them. The
 * workspace's custom objects are offered too, after the built-in types.
 */
export function importableTypes(me: Me | null | undefined, objectTypes: ObjectTypeMeta[] = []): string[] {
  const customObjects = objectTypes.filter((type) => type.is_custom_object).map((type) => type.type);
  return [...IMPORT_TYPES, ...customObjects].filter((type) => can(me, type, 'create'));
}
