import { sql } from 'kysely';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.ts';
import { authorize, fieldAccess } from '../../platform/auth/permissions.ts';

export const tagSuggestionsQuerySchema = z.strictObject({
  prefix: z.string().trim().max(50).default('').describe('The start of a tag, any case; empty for the most used tags'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/**
 * Tags already used on the workspace's people that start with a prefix (case-insensitively),
 * the most used first. Only people the reader may read count, and a reader for whom tags are
 * hidden gets none. One grouped query: the `person_tags` GIN index answers whole-tag matches
 * (the list filter's `contains`), not prefixes of an element, so this reads the tagged people of
 * the workspace (and scope) once and keeps the top few.
 */
export async function suggestPersonTags(ctx: ServiceContext, query: z.infer<typeof tagSuggestionsQuerySchema>) {
  const scope = authorize(ctx.principal, 'person', 'read');
  if (fieldAccess(ctx.principal, 'person', 'tags') === 'hidden') return { data: [] };
  if (scope.kind === 'owners' && scope.ownerIds.length === 0) return { data: [] };
  const inScope = scope.kind === 'all' ? sql`` : sql`and p.owner_id in (${sql.join(scope.ownerIds)})`;
  const rows = await sql<{ tag: string; people: number }>`
    select tag, count(*)::int as people
    from person p cross join lateral unnest(p.tags) as tag
    where p.workspace_id = ${ctx.principal.workspaceId} and p.tags <> '{}' ${inScope}
      and starts_with(lower(tag), lower(${query.prefix}))
    group by tag
    order by count(*) desc, tag
    limit ${query.limit}`.execute(ctx.db);
  return { data: rows.rows };
}
