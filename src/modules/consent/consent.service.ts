import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { authorizeRecord, systemPrincipal, type Action, type Principal } from '../../platform/auth/permissions.ts';
import { recordChange } from '../../platform/changes.ts';
import { defineErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import {
  CHANNELS, PURPOSES, type Channel, type ConsentEntry, type ConsentSource, type ConsentStatus, type Purpose, type RecordConsentInput,
} from './consent.schemas.ts';
import type { ConsentEntryTable } from './consent.tables.ts';
import './consent.tables.ts';

export const ConsentErrors = defineErrors({
  CONSENT_DOUBLE_OPT_IN_NOT_ALLOWED: { status: 400, title: 'Double opt-in applies to granting email consent only' },
  CONSENT_NO_EMAIL_ADDRESS: { status: 400, title: 'The person has no email address to send the confirmation to' },
  CONSENT_TIME_IN_FUTURE: { status: 400, title: 'A consent cannot be dated in the future' },
  CONSENT_LINK_INVALID: { status: 400, title: 'The link is not valid' },
  CONSENT_LINK_EXPIRED: { status: 410, title: 'The link has expired' },
  CONSENT_LINK_SUPERSEDED: { status: 409, title: 'A later choice replaced the request this link confirms' },
});

export const SEND_CONFIRMATION_JOB = 'consent.send_confirmation';

/** Tolerated clock difference between an API client and this server for occurred_at. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const EVENT_OF: Record<ConsentStatus, string> = {
  granted: 'consent.granted',
  withdrawn: 'consent.withdrawn',
  pending: 'consent.confirmation_requested',
};

/** Marketing and analytics need a grant (opt-in); service messages are allowed until the person objects. */
const isOptInPurpose = (purpose: Purpose) => purpose !== 'service';

export interface ConsentPerson {
  id: string;
  owner_id: string | null;
  title: string | null;
  email: string | null;
  language: string | null;
}

/**
 * The person through the people module's record type, read as the workspace: consent needs the
 * owner (scope), the name (timeline title) and the address whatever the caller's field rules hide.
 */
export async function findConsentPerson(db: Db, workspaceId: string, personId: string): Promise<ConsentPerson> {
  const row = await getRecord({ db, principal: systemPrincipal(workspaceId) }, personRecordType, personId);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return { id: personId, owner_id: text(row.owner_id), title: text(row[personRecordType.titleField]), email: text(row.email), language: text(row.language) };
}

/** Consent follows the person: the caller must see the person and hold the action on consent in the person's scope. */
async function authorizedPerson(ctx: ServiceContext, personId: string, action: Action): Promise<ConsentPerson> {
  const person = await findConsentPerson(ctx.db, ctx.principal.workspaceId, personId);
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  authorizeRecord(ctx.principal, 'consent', action, person.owner_id);
  return person;
}

type NewEntry = Omit<Insertable<ConsentEntryTable>, 'workspace_id' | 'id' | 'person_id' | 'occurred_at' | 'recorded_at'> & { occurred_at?: Date };

/**
 * Appends one entry (the trigger moves the current state) with its audit entry and event. Both
 * name the person, so the change shows on the person's history and timeline.
 */
async function appendEntry(tx: Tx, ctx: ServiceContext, person: ConsentPerson, entry: NewEntry): Promise<ConsentEntry> {
  const workspaceId = ctx.principal.workspaceId;
  const before = await tx.selectFrom('consent_state').select('status')
    .where('workspace_id', '=', workspaceId).where('person_id', '=', person.id)
    .where('channel', '=', entry.channel).where('purpose', '=', entry.purpose)
    .executeTakeFirst();
  const row = await tx.insertInto('consent_entry')
    .values({ ...entry, workspace_id: workspaceId, id: newId(), person_id: person.id, occurred_at: entry.occurred_at ?? new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
  const changes = { [`consent.${entry.channel}.${entry.purpose}`]: { before: before?.status ?? null, after: entry.status } };
  await recordChange(tx, ctx, {
    entityType: 'person', entityId: person.id, action: 'update', changes, event: EVENT_OF[entry.status as ConsentStatus],
    payload: {
      changes, owner_id: person.owner_id, title: person.title, references: {},
      entry_id: row.id, channel: row.channel, purpose: row.purpose, status: row.status, source: row.source,
    },
  });
  return presentEntry(row);
}

function presentEntry(row: Selectable<ConsentEntryTable>): ConsentEntry {
  return {
    id: row.id, person_id: row.person_id, channel: row.channel as Channel, purpose: row.purpose as Purpose,
    status: row.status as ConsentStatus, source: row.source as ConsentSource,
    occurred_at: new Date(row.occurred_at).toISOString(), recorded_at: new Date(row.recorded_at).toISOString(),
    proof: {
      text_version: row.text_version, text: row.consent_text, ip: row.ip, user_agent: row.user_agent,
      operator_id: row.operator_id, confirms_entry_id: row.confirms_entry_id,
    },
  };
}

const defaultSource = (principal: Principal): ConsentSource => (principal.kind === 'api_key' ? 'api' : 'operator');

/**
 * Records a grant or withdrawal an operator or API client reports. An email grant with double
 * opt-in is recorded as pending, and the confirmation mail is queued in the same transaction.
 */
export async function recordConsent(ctx: ServiceContext, jobs: JobQueue, personId: string, input: RecordConsentInput): Promise<ConsentEntry> {
  const isDoubleOptIn = input.double_opt_in === true;
  if (isDoubleOptIn && (input.channel !== 'email' || input.status !== 'granted')) {
    throw ConsentErrors.CONSENT_DOUBLE_OPT_IN_NOT_ALLOWED({ field: 'double_opt_in' });
  }
  const occurredAt = input.occurred_at ? new Date(input.occurred_at) : new Date();
  if (occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw ConsentErrors.CONSENT_TIME_IN_FUTURE({ field: 'occurred_at' });
  const entry = await inTransaction(ctx, async (tx, txCtx) => {
    const person = await authorizedPerson(txCtx, personId, 'create');
    if (isDoubleOptIn && !person.email) throw ConsentErrors.CONSENT_NO_EMAIL_ADDRESS({ field: 'double_opt_in' });
    const appended = await appendEntry(tx, txCtx, person, {
      channel: input.channel, purpose: input.purpose, status: isDoubleOptIn ? 'pending' : input.status,
      source: input.source ?? defaultSource(ctx.principal), occurred_at: occurredAt,
      text_version: input.proof?.text_version ?? null, consent_text: input.proof?.text ?? null,
      ip: input.proof?.ip ?? null, user_agent: input.proof?.user_agent ?? null,
      operator_id: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
    });
    if (isDoubleOptIn) {
      await jobs.enqueue(SEND_CONFIRMATION_JOB, { workspace_id: ctx.principal.workspaceId, entry_id: appended.id }, { idempotencyKey: appended.id, tx });
    }
    return appended;
  });
  if (isDoubleOptIn) jobs.nudge(SEND_CONFIRMATION_JOB);
  return entry;
}

export interface ConsentState {
  channel: Channel;
  purpose: Purpose;
  status: ConsentStatus;
  entry_id: string;
  occurred_at: string;
}

async function currentStates(db: Db, workspaceId: string, personId: string): Promise<ConsentState[]> {
  const rows = await db.selectFrom('consent_state').select(['channel', 'purpose', 'status', 'entry_id', 'occurred_at'])
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId)
    .orderBy('channel').orderBy('purpose')
    .execute();
  return rows.map((r) => ({
    channel: r.channel as Channel, purpose: r.purpose as Purpose, status: r.status as ConsentStatus, entry_id: r.entry_id,
    occurred_at: new Date(r.occurred_at).toISOString(),
  }));
}

/** The person's current consents and their ledger, newest first, paged. */
export async function listPersonConsents(ctx: ServiceContext, personId: string, page: { limit: number; cursor?: string }) {
  await authorizedPerson(ctx, personId, 'read');
  const workspaceId = ctx.principal.workspaceId;
  let query = ctx.db.selectFrom('consent_entry').selectAll()
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId)
    .orderBy('id', 'desc').limit(page.limit + 1);
  if (page.cursor) query = query.where('id', '<', decodeCursor(page.cursor));
  const rows = await query.execute();
  const hasMore = rows.length > page.limit;
  const data = (hasMore ? rows.slice(0, page.limit) : rows).map(presentEntry);
  return { current: await currentStates(ctx.db, workspaceId, personId), data, next_cursor: hasMore ? encodeCursor(data.at(-1)!.id) : null };
}

/** Why contact is or isn't allowed; stable values that sending modules may log and count. */
export type ContactReason =
  | 'granted' | 'service_not_objected' | 'withdrawn' | 'pending_confirmation' | 'no_consent' | 'processing_withdrawn';

export interface MayContactOptions {
  db: Db;
  workspaceId: string;
  personId: string;
  channel: Channel;
  purpose: Purpose;
  /** Answer as of this moment (by when consents were given or withdrawn); now when left out. */
  at?: Date;
}

/**
 * May we contact this person on this channel for this purpose? Every sending module asks before
 * it sends. The rules (docs/consent.md):
 * - a withdrawn consent to personal-data processing, on any channel, blocks everything;
 * - marketing and analytics need the latest entry for the channel × purpose to be a grant: a
 *   withdrawal, a pending double opt-in or no entry at all blocks;
 * - service messages are allowed unless the latest entry for the channel × service is a withdrawal.
 */
export async function mayContact(options: MayContactOptions): Promise<{ allowed: boolean; reason: ContactReason }> {
  const { db, workspaceId, personId, channel, purpose, at } = options;
  const latest = at
    ? await sql<{ channel: string; purpose: string; status: string }>`
        select distinct on (channel, purpose) channel, purpose, status from consent_entry
        where workspace_id = ${workspaceId} and person_id = ${personId} and occurred_at <= ${at}
          and ((channel = ${channel} and purpose = ${purpose}) or purpose = 'personal_data_processing')
        order by channel, purpose, occurred_at desc, id desc`.execute(db).then((r) => r.rows)
    : await db.selectFrom('consent_state').select(['channel', 'purpose', 'status'])
      .where('workspace_id', '=', workspaceId).where('person_id', '=', personId)
      .where((eb) => eb.or([eb.and([eb('channel', '=', channel), eb('purpose', '=', purpose)]), eb('purpose', '=', 'personal_data_processing')]))
      .execute();
  if (latest.some((s) => s.purpose === 'personal_data_processing' && s.status === 'withdrawn')) {
    return { allowed: false, reason: 'processing_withdrawn' };
  }
  const status = latest.find((s) => s.channel === channel && s.purpose === purpose)?.status as ConsentStatus | undefined;
  if (status === 'withdrawn') return { allowed: false, reason: 'withdrawn' };
  if (!isOptInPurpose(purpose)) return { allowed: true, reason: 'service_not_objected' };
  if (status === 'granted') return { allowed: true, reason: 'granted' };
  if (status === 'pending') return { allowed: false, reason: 'pending_confirmation' };
  return { allowed: false, reason: 'no_consent' };
}

/**
 * The same rules as mayContact, as a SQL condition on a person id column, for set-based sends and
 * segments: `select id from person p where p.workspace_id = $1 and ${contactableCondition({ …, personId: sql.ref('p.id') })}`.
 * Both branches are index lookups on consent_state, so it stays fast over a million people.
 */
export function contactableCondition(options: { workspaceId: string; personId: RawBuilder<unknown> | ReturnType<typeof sql.ref>; channel: Channel; purpose: Purpose }): RawBuilder<boolean> {
  const { workspaceId, personId, channel, purpose } = options;
  const notProcessingWithdrawn = sql`not exists (
    select 1 from consent_state s where s.workspace_id = ${workspaceId} and s.person_id = ${personId}
      and s.purpose = 'personal_data_processing' and s.status = 'withdrawn')`;
  const channelRule = isOptInPurpose(purpose)
    ? sql`exists (
        select 1 from consent_state s where s.workspace_id = ${workspaceId} and s.person_id = ${personId}
          and s.channel = ${channel} and s.purpose = ${purpose} and s.status = 'granted')`
    : sql`not exists (
        select 1 from consent_state s where s.workspace_id = ${workspaceId} and s.person_id = ${personId}
          and s.channel = ${channel} and s.purpose = ${purpose} and s.status = 'withdrawn')`;
  return sql<boolean>`(${channelRule} and ${notProcessingWithdrawn})`;
}

/** Who acts when a person follows a link we mailed them: the workspace, on the person's word. */
const linkContext = (db: Db, workspaceId: string, requestId?: string): ServiceContext => ({
  db, requestId, principal: { ...systemPrincipal(workspaceId), name: 'email link' },
});

export interface LinkProof {
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Grants the consent a pending double opt-in entry asked for. Following the link again answers
 * 'already_confirmed' and records nothing; a later choice for the same consent makes it superseded.
 */
export async function confirmPendingConsent(db: Db, workspaceId: string, pendingEntryId: string, proof: LinkProof): Promise<{ outcome: 'confirmed' | 'already_confirmed'; entry: ConsentEntry }> {
  const ctx = linkContext(db, workspaceId, proof.requestId);
  const confirmation = () => db.selectFrom('consent_entry').selectAll()
    .where('workspace_id', '=', workspaceId).where('confirms_entry_id', '=', pendingEntryId).executeTakeFirst();
  try {
    return await inTransaction(ctx, async (tx, txCtx) => {
      const pending = await tx.selectFrom('consent_entry').selectAll()
        .where('workspace_id', '=', workspaceId).where('id', '=', pendingEntryId).where('status', '=', 'pending')
        .executeTakeFirst();
      if (!pending) throw ConsentErrors.CONSENT_LINK_INVALID();
      const done = await tx.selectFrom('consent_entry').selectAll()
        .where('workspace_id', '=', workspaceId).where('confirms_entry_id', '=', pendingEntryId).executeTakeFirst();
      if (done) return { outcome: 'already_confirmed' as const, entry: presentEntry(done) };
      const state = await tx.selectFrom('consent_state').select('entry_id')
        .where('workspace_id', '=', workspaceId).where('person_id', '=', pending.person_id)
        .where('channel', '=', pending.channel).where('purpose', '=', pending.purpose)
        .executeTakeFirst();
      if (state?.entry_id !== pendingEntryId) throw ConsentErrors.CONSENT_LINK_SUPERSEDED();
      const person = await findConsentPerson(tx, workspaceId, pending.person_id);
      const entry = await appendEntry(tx, txCtx, person, {
        channel: pending.channel, purpose: pending.purpose, status: 'granted', source: 'email_link',
        text_version: pending.text_version, consent_text: pending.consent_text, ip: proof.ip, user_agent: proof.userAgent,
        confirms_entry_id: pendingEntryId,
      });
      return { outcome: 'confirmed' as const, entry };
    });
  } catch (error) {
    // A concurrent click confirmed it first: the unique index on confirms_entry_id refused this one.
    const done = isUniqueViolation(error) ? await confirmation() : undefined;
    if (done) return { outcome: 'already_confirmed', entry: presentEntry(done) };
    throw error;
  }
}

export interface PreferenceItem {
  channel: Channel;
  purpose: Purpose;
  status: ConsentStatus | null;
  /** What the preference page's checkbox shows: contact allowed for this channel and purpose. */
  isOn: boolean;
}

const isOn = (purpose: Purpose, status: ConsentStatus | null) => (isOptInPurpose(purpose) ? status === 'granted' : status !== 'withdrawn');

/** Every channel × purpose with the person's current choice, for the preference page. */
export async function personPreferences(db: Db, workspaceId: string, personId: string): Promise<PreferenceItem[]> {
  await findConsentPerson(db, workspaceId, personId);
  const states = await currentStates(db, workspaceId, personId);
  return CHANNELS.flatMap((channel) => PURPOSES.map((purpose) => {
    const status = states.find((s) => s.channel === channel && s.purpose === purpose)?.status ?? null;
    return { channel, purpose, status, isOn: isOn(purpose, status) };
  }));
}

/**
 * Records what the person changed on their preference page (or withdrew in one click): an entry
 * only where their choice differs from the current state, so repeating a choice records nothing.
 */
export async function applyPersonChoices(
  db: Db, workspaceId: string, personId: string, choices: { channel: Channel; purpose: Purpose; isOn: boolean }[], proof: LinkProof,
): Promise<ConsentEntry[]> {
  const ctx = linkContext(db, workspaceId, proof.requestId);
  return inTransaction(ctx, async (tx, txCtx) => {
    const person = await findConsentPerson(tx, workspaceId, personId);
    const states = await currentStates(tx, workspaceId, personId);
    const entries: ConsentEntry[] = [];
    for (const choice of choices) {
      const status = states.find((s) => s.channel === choice.channel && s.purpose === choice.purpose)?.status ?? null;
      if (isOn(choice.purpose, status) === choice.isOn) continue;
      entries.push(await appendEntry(tx, txCtx, person, {
        channel: choice.channel, purpose: choice.purpose, status: choice.isOn ? 'granted' : 'withdrawn', source: 'email_link',
        ip: proof.ip, user_agent: proof.userAgent,
      }));
    }
    return entries;
  });
}

