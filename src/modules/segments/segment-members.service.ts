import { sql, type RawBuilder } from 'kysely';
import { parse } from 'csv-parse/sync';
import { authorizeRecord, type RecordScope } from '../../platform/auth/permissions.ts';
import { recordChange } from '../../platform/changes.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import { recordScopeCondition } from '../../platform/records/record-scope.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { filterContextFor } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import { evaluateSegments, recordMembershipChanges, type MembershipChange } from './segment-evaluation.service.ts';
import { SegmentErrors } from './segments.errors.ts';
import { authorizeSegmentRead, authorizeSegmentWrite, loadSegment } from './segments.service.ts';

const MAX_CSV_ROWS = 10_000;
const MAX_UNMATCHED_REPORTED = 1000;

/** The person columns a reader sees; a field rule hiding them leaves null. */
function visibleNames(ctx: ServiceContext) {
  const hidden = hiddenColumns(ctx.principal, personRecordType);
  return { name: !hidden.has('full_name'), email: !hidden.has('email') };
}

const inScope = (scope: RecordScope) => recordScopeCondition(personRecordType, scope);

/** Current members the reader may see, newest person first, with when each entered. */
export async function listSegmentMembers(ctx: ServiceContext, segmentId: string, page: { limit: number; cursor?: string }) {
  const scope = authorizeSegmentRead(ctx);
  await loadSegment(ctx.db, ctx.principal.workspaceId, segmentId);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = (await sql<{ person_id: string; full_name: string | null; email: string | null; entered_at: Date }>`
    select m.person_id, p.full_name, p.email, m.entered_at
    from segment_member m join person p on p.workspace_id = m.workspace_id and p.id = m.person_id
    where m.workspace_id = ${ctx.principal.workspaceId} and m.segment_id = ${segmentId} and ${inScope(scope)}
      ${after ? sql`and m.person_id < ${after}` : sql``}
    order by m.person_id desc limit ${page.limit + 1}`.execute(ctx.db)).rows;
  const visible = visibleNames(ctx);
  const data = rows.slice(0, page.limit).map((r) => ({
    person_id: r.person_id, full_name: visible.name ? r.full_name : null, email: visible.email ? r.email : null, entered_at: r.entered_at.toISOString(),
  }));
  return { data, next_cursor: rows.length > page.limit ? encodeCursor(data.at(-1)!.person_id) : null };
}

interface HistoryRow { id: string; segment_id: string; segment_name: string | null; person_id: string; full_name: string | null; change: 'entered' | 'exited'; occurred_at: Date }

/** Entries and exits, newest first, with the person's and the segment's names. */
async function historyRows(ctx: ServiceContext, where: RawBuilder<unknown>, limit: number): Promise<HistoryRow[]> {
  return (await sql<HistoryRow>`
    select h.id, h.segment_id, s.name as segment_name, h.person_id, p.full_name, h.change, h.occurred_at
    from segment_membership_event h
    join person p on p.workspace_id = h.workspace_id and p.id = h.person_id
    left join segment s on s.workspace_id = h.workspace_id and s.id = h.segment_id
    where h.workspace_id = ${ctx.principal.workspaceId} and ${where}
    order by h.id desc limit ${limit}`.execute(ctx.db)).rows;
}

function presentHistory(ctx: ServiceContext, rows: HistoryRow[]) {
  const visible = visibleNames(ctx);
  return rows.map((r) => ({ ...r, full_name: visible.name ? r.full_name : null, occurred_at: r.occurred_at.toISOString() }));
}

/** Entries and exits of a segment, newest first, of people the reader may see. */
export async function listSegmentHistory(ctx: ServiceContext, segmentId: string, page: { limit: number; cursor?: string }): Promise<Page<ReturnType<typeof presentHistory>[number]>> {
  const scope = authorizeSegmentRead(ctx);
  await loadSegment(ctx.db, ctx.principal.workspaceId, segmentId);
  const before = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await historyRows(ctx, sql`h.segment_id = ${segmentId} and ${inScope(scope)} ${before ? sql`and h.id < ${before}` : sql``}`, page.limit + 1);
  const data = presentHistory(ctx, rows.slice(0, page.limit));
  return { data, next_cursor: rows.length > page.limit ? encodeCursor(data.at(-1)!.id) : null };
}

/** A person's current segments and their latest 100 entries and exits. */
export async function personSegments(ctx: ServiceContext, personId: string) {
  authorizeSegmentRead(ctx);
  const workspaceId = ctx.principal.workspaceId;
  const person = (await sql<{ owner_id: string | null }>`
    select owner_id from person where workspace_id = ${workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND({ detail: `There is no person ${personId}` });
  try {
    authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  } catch {
    throw PlatformErrors.NOT_FOUND({ detail: `There is no person ${personId}` });
  }
  const memberships = await ctx.db.selectFrom('segment_member as m').innerJoin('segment as s', (j) => j.onRef('s.workspace_id', '=', 'm.workspace_id').onRef('s.id', '=', 'm.segment_id'))
    .select(['m.segment_id', 's.name', 's.kind', 'm.entered_at']).where('m.workspace_id', '=', workspaceId).where('m.person_id', '=', personId)
    .orderBy('s.name').execute();
  const history = await historyRows(ctx, sql`h.person_id = ${personId}`, 100);
  return {
    memberships: memberships.map((m) => ({ segment_id: m.segment_id, name: m.name, kind: m.kind, entered_at: new Date(m.entered_at).toISOString() })),
    history: presentHistory(ctx, history),
  };
}

async function loadStaticList(ctx: ServiceContext, segmentId: string) {
  authorizeSegmentWrite(ctx);
  const segment = await loadSegment(ctx.db, ctx.principal.workspaceId, segmentId);
  if (segment.kind !== 'static') throw SegmentErrors.SEGMENT_NOT_STATIC({ detail: `${segment.name} is a dynamic segment: its rules decide who is in it` });
  return segment;
}

/** Adds or removes people of the writer's scope; only real changes are recorded and announced. */
async function changeListMembers(ctx: ServiceContext, segment: { id: string; name: string; kind: string }, personIds: readonly string[], change: 'entered' | 'exited', source: string) {
  const workspaceId = ctx.principal.workspaceId;
  const scope = authorizeSegmentRead(ctx);
  const changes = await inTransaction(ctx, async (tx, txCtx) => {
    const rows = change === 'entered'
      ? (await sql<{ person_id: string }>`
          insert into segment_member (workspace_id, segment_id, person_id, entered_at)
          select ${workspaceId}, ${segment.id}, person.id, now() from person
          where person.workspace_id = ${workspaceId} and person.id = any(${[...personIds]}::uuid[]) and ${inScope(scope)}
          on conflict do nothing returning person_id`.execute(tx)).rows
      : (await sql<{ person_id: string }>`
          delete from segment_member m using person
          where m.workspace_id = ${workspaceId} and m.segment_id = ${segment.id} and m.person_id = any(${[...personIds]}::uuid[])
            and person.workspace_id = m.workspace_id and person.id = m.person_id and ${inScope(scope)}
          returning m.person_id`.execute(tx)).rows;
    const changes: MembershipChange[] = rows.map((r) => ({ change, person_id: r.person_id }));
    await recordMembershipChanges(tx, txCtx, segment, changes);
    if (changes.length > 0) {
      const audit = { members: { before: null, after: { [change === 'entered' ? 'added' : 'removed']: changes.length, source } } };
      await recordChange(tx, txCtx, { entityType: 'segment', entityId: segment.id, action: 'update', changes: audit, event: 'segment.members_changed', payload: { changes: audit, title: segment.name } });
    }
    return changes;
  });
  if (changes.length > 0) await evaluateSegments(ctx.db, workspaceId, { changedSegmentIds: [segment.id], personIds: changes.map((c) => c.person_id), actor: ctx });
  return changes.map((c) => c.person_id);
}

async function existingPeople(ctx: ServiceContext, personIds: readonly string[]): Promise<Set<string>> {
  const scope = authorizeSegmentRead(ctx);
  const rows = (await sql<{ id: string }>`select person.id from person
    where person.workspace_id = ${ctx.principal.workspaceId} and person.id = any(${[...personIds]}::uuid[]) and ${inScope(scope)}`.execute(ctx.db)).rows;
  return new Set(rows.map((r) => r.id));
}

export async function addListMembers(ctx: ServiceContext, segmentId: string, personIds: string[]) {
  const segment = await loadStaticList(ctx, segmentId);
  const known = await existingPeople(ctx, personIds);
  const added = await changeListMembers(ctx, segment, [...known], 'entered', 'manual');
  return { added: added.length, removed: 0, not_found: [...new Set(personIds)].filter((id) => !known.has(id)) };
}

export async function removeListMembers(ctx: ServiceContext, segmentId: string, personIds: string[]) {
  const segment = await loadStaticList(ctx, segmentId);
  const known = await existingPeople(ctx, personIds);
  const removed = await changeListMembers(ctx, segment, [...known], 'exited', 'manual');
  return { added: 0, removed: removed.length, not_found: [...new Set(personIds)].filter((id) => !known.has(id)) };
}

const EMAIL_COLUMNS = ['email', 'e-mail', 'почта', 'эл. почта', 'электронная почта'];
const PHONE_COLUMNS = ['phone', 'телефон', 'mobile', 'мобильный'];

type Unmatched = { row: number; value: string; reason: 'not_found' | 'invalid_phone' | 'empty' };

/**
 * Adds the people a CSV names by main email or phone (as stored: emails lower-case, phones in
 * E.164 by the workspace's region) to a static list, and reports the rows nobody matched.
 */
export async function importListMembers(ctx: ServiceContext, segmentId: string, csv: string) {
  const segment = await loadStaticList(ctx, segmentId);
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw SegmentErrors.SEGMENT_CSV_INVALID({ field: 'csv', detail: (error as Error).message });
  }
  const columns = Object.keys(records[0] ?? {});
  const emailColumn = columns.find((c) => EMAIL_COLUMNS.includes(c));
  const phoneColumn = columns.find((c) => PHONE_COLUMNS.includes(c));
  if (!emailColumn && !phoneColumn) throw SegmentErrors.SEGMENT_CSV_INVALID({ field: 'csv', detail: 'The first row must name an email or a phone column' });
  if (records.length > MAX_CSV_ROWS) throw SegmentErrors.SEGMENT_CSV_INVALID({ field: 'csv', detail: `A list import takes at most ${MAX_CSV_ROWS} rows` });

  const filtering = await filterContextFor(ctx, personRecordType);
  const phoneField = personRecordType.fields.find((f) => f.name === 'phone')!;
  const unmatched: Unmatched[] = [];
  const keys: { row: number; email: string | null; phone: string | null; value: string }[] = [];
  records.forEach((record, i) => {
    const row = i + 2; // the header is row 1
    const email = emailColumn && record[emailColumn] ? record[emailColumn].toLowerCase() : null;
    const rawPhone = phoneColumn ? record[phoneColumn] || null : null;
    const phone = rawPhone ? phoneField.normalise!(rawPhone, { defaultRegion: filtering.region }) : null;
    const value = email ?? rawPhone ?? '';
    if (!email && !rawPhone) unmatched.push({ row, value, reason: 'empty' });
    else if (!email && !phone) unmatched.push({ row, value, reason: 'invalid_phone' });
    else keys.push({ row, email, phone, value });
  });
  const scope = authorizeSegmentRead(ctx);
  // Main email and phone only: both are indexed, so each row is one index lookup.
  const matches = keys.length === 0 ? [] : (await sql<{ row: number; person_id: string }>`
    select x.n as row, p.id as person_id
    from unnest(${keys.map((k) => k.row)}::int[], ${keys.map((k) => k.email)}::text[], ${keys.map((k) => k.phone)}::text[]) as x(n, email, phone)
    join lateral (
      select person.id from person
      where person.workspace_id = ${ctx.principal.workspaceId} and (person.email = x.email or person.phone = x.phone) and ${inScope(scope)}
      order by person.id limit 1
    ) p on true`.execute(ctx.db)).rows;
  const matchedRows = new Set(matches.map((m) => m.row));
  for (const key of keys) if (!matchedRows.has(key.row)) unmatched.push({ row: key.row, value: key.value, reason: 'not_found' });
  const added = await changeListMembers(ctx, segment, [...new Set(matches.map((m) => m.person_id))], 'entered', 'import');
  return {
    rows: records.length, matched: matches.length, added: added.length,
    unmatched: unmatched.sort((a, b) => a.row - b.row).slice(0, MAX_UNMATCHED_REPORTED),
  };
}
