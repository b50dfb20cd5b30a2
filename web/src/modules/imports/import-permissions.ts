import type { Me } from '../auth/auth.types.ts';
import { can } from '../auth/permissions.ts';

/** The record types the import page offers (the server also takes activities). */
const IMPORT_TYPES = ['person', 'company', 'deal', 'lead'] as const;

/** Mirrors the server: importing creates records, so it takes the right to create them. */
export function importableTypes(me: Me | null | undefined): string[] {
  return IMPORT_TYPES.filter((type) => can(me, type, 'create'));
}
