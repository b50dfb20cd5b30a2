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
