import { z } from 'zod';
import { PlatformErrors } from './errors.ts';
import { isUuid } from './ids.ts';

/** A page of a keyset-paginated list; pass next_cursor back to get the following page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

// The cursor is opaque to clients: today it wraps the last id of the page (ids are time-ordered).
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ id: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && isUuid(parsed.id)) return parsed.id;
  } catch {
    // fall through to the error below
  }
  throw PlatformErrors.INVALID_CURSOR({ field: 'cursor' });
}

/** A cursor for a list sorted by something other than id: the last row's sort value and id. */
export interface SortedCursor {
  id: string;
  value: string | number | boolean | null;
  sort: string;
}

export function encodeSortedCursor(cursor: SortedCursor): string {
  return Buffer.from(JSON.stringify({ id: cursor.id, v: cursor.value, s: cursor.sort })).toString('base64url');
}

/** Reads a sorted cursor; one made for another sort order is refused rather than misread. */
export function decodeSortedCursor(cursor: string, sort: string): SortedCursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown; v?: unknown; s?: unknown };
    const isValue = parsed.v === null || ['string', 'number', 'boolean'].includes(typeof parsed.v);
    if (typeof parsed.id === 'string' && isUuid(parsed.id) && isValue && parsed.s === sort) {
      return { id: parsed.id, value: parsed.v as SortedCursor['value'], sort };
    }
  } catch {
    // fall through to the error below
  }
  throw PlatformErrors.INVALID_CURSOR({ field: 'cursor' });
}
