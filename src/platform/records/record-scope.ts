import { sql, type RawBuilder } from 'kysely';
import type { RecordScope } from '../auth/permissions.ts';
import type { RecordTypeDef } from './record-type.ts';

/**
 * The rows a record scope covers, as SQL: owned by one of the scope's users or, with a co-owners
 * column, having one of them among the co-owners (`&&`, which the column's GIN index answers).
 * Columns are named, since some readers keep copies under other names (the timeline's entries).
 */
export function ownersCondition(scope: RecordScope, ownerColumn: string, coOwnersColumn?: string): RawBuilder<boolean> {
  if (scope.kind === 'all') return sql<boolean>`true`;
  if (scope.ownerIds.length === 0) return sql<boolean>`false`;
  const owned = sql<boolean>`${sql.ref(ownerColumn)} in (${sql.join(scope.ownerIds)})`;
  if (!coOwnersColumn) return owned;
  return sql<boolean>`(${owned} or ${sql.ref(coOwnersColumn)} && array[${sql.join(scope.ownerIds)}]::uuid[])`;
}

/** The records of a type a scope covers, by their owner and the co-owners the type declares. */
export function recordScopeCondition(def: RecordTypeDef, scope: RecordScope): RawBuilder<boolean> {
  return ownersCondition(scope, 'owner_id', def.coOwnersField);
}
