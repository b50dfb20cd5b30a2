import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { CHANNELS, PURPOSES, type Channel, type Purpose } from './consent.schemas.ts';
import './consent.tables.ts';

/** A confirmation link must be followed within a week; an unsubscribe link keeps working for a year. */
export const CONFIRM_LINK_TTL_MS = 7 * 24 * 3600 * 1000;
export const UNSUBSCRIBE_LINK_TTL_MS = 365 * 24 * 3600 * 1000;

/**
 * `<payload>.<signature>`, both base64url. The payload is packed bytes, not JSON, so a token stays
 * under the router's 100-character path parameter limit and short enough for any mail client:
 * kind (1), workspace id (16), entry id for a confirmation or person id for an unsubscribe (16),
 * channel and purpose (1 + 1, unsubscribe only), expiry in Unix seconds (4), language (1).
 */
export const linkTokenSchema = z.string().max(200).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a link token');

export type PageLanguage = 'ru' | 'en';
export type LinkPayload =
  | { k: 'confirm'; w: string; x: string; e: number; l?: PageLanguage }
  | { k: 'unsubscribe'; w: string; p: string; c: Channel; u: Purpose; e: number; l?: PageLanguage };
export type LinkKind = LinkPayload['k'];

export type LinkCheck<K extends LinkKind> =
  | { isValid: true; payload: Extract<LinkPayload, { k: K }> }
  | { isValid: false; reason: 'invalid' | 'expired' };

const KINDS: LinkKind[] = ['confirm', 'unsubscribe'];
const LANGUAGES: (PageLanguage | undefined)[] = [undefined, 'ru', 'en'];
/** A UUID as its 16 bytes and back, for packing ids into link tokens. */
export const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
export const uuidText = (bytes: Buffer) => bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

function pack(payload: LinkPayload): Buffer {
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(payload.e);
  const scope = payload.k === 'confirm'
    ? uuidBytes(payload.x)
    : Buffer.concat([uuidBytes(payload.p), Buffer.from([CHANNELS.indexOf(payload.c), PURPOSES.indexOf(payload.u)])]);
  return Buffer.concat([Buffer.from([KINDS.indexOf(payload.k)]), uuidBytes(payload.w), scope, expiry, Buffer.from([LANGUAGES.indexOf(payload.l)])]);
}

function unpack(bytes: Buffer): LinkPayload | null {
  const kind = KINDS[bytes[0] ?? -1];
  if (!kind || bytes.length !== (kind === 'confirm' ? 38 : 40)) return null;
  const w = uuidText(bytes.subarray(1, 17));
  const id = uuidText(bytes.subarray(17, 33));
  const tail = bytes.subarray(kind === 'confirm' ? 33 : 35);
  const e = tail.readUInt32BE(0);
  const l = LANGUAGES[tail[4]!];
  if (kind === 'confirm') return { k: kind, w, x: id, e, ...(l ? { l } : {}) };
  const c = CHANNELS[bytes[33]!];
  const u = PURPOSES[bytes[34]!];
  if (!c || !u) return null;
  return { k: 'unsubscribe', w, p: id, c, u, e, ...(l ? { l } : {}) };
}

/**
 * The workspace's signing key. With RAPPORT_LINK_SECRET it is derived from the secret, so keys
 * live outside the database; otherwise a random key is made on first use and stored.
 */
async function signingKey(db: Db, config: Config, workspaceId: string, isCreating: boolean): Promise<Buffer | null> {
  if (config.linkSecret) return createHmac('sha256', config.linkSecret).update(`rapport-link:${workspaceId}`).digest();
  const find = () => db.selectFrom('consent_link_key').select('secret').where('workspace_id', '=', workspaceId).executeTakeFirst();
  let row = await find();
  if (!row && isCreating) {
    // Not ON CONFLICT: in PGlite a speculative insert now and then never returns (electric-sql/pglite#1068).
    try {
      await sql`
        insert into consent_link_key (workspace_id, secret)
        select ${workspaceId}, ${randomBytes(32).toString('base64url')}
        where not exists (select 1 from consent_link_key where workspace_id = ${workspaceId})`.execute(db);
    } catch {
      // Another process made the key at the same moment: use theirs.
    }
    row = await find();
  }
  return row ? Buffer.from(row.secret, 'base64url') : null;
}

// HMAC-SHA256 truncated to 128 bits, as RFC 2104 §5 allows (no less than half the hash), to keep links short.
const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 16);

/**
 * `<payload>.<signature>` for any packed payload, signed with the workspace's link key. Consent
 * links and other modules' links (tracking) share the keys; each payload's leading kind byte keeps
 * one kind of link from passing for another.
 */
export async function signToken(db: Db, config: Config, workspaceId: string, payload: Buffer): Promise<string> {
  const body = payload.toString('base64url');
  const key = (await signingKey(db, config, workspaceId, true))!;
  return `${body}.${sign(key, body).toString('base64url')}`;
}

/**
 * The payload of a token made by signToken when its signature holds, else null. `workspaceOf`
 * reads the workspace from the not yet trusted payload, only to find the key to check it with.
 */
export async function openToken(db: Db, config: Config, token: string, workspaceOf: (payload: Buffer) => string | null): Promise<Buffer | null> {
  const [body, signature] = token.split('.');
  if (!body || !signature) return null;
  const payload = Buffer.from(body, 'base64url');
  const workspaceId = workspaceOf(payload);
  const key = workspaceId ? await signingKey(db, config, workspaceId, false) : null;
  if (!key) return null;
  const expected = sign(key, body);
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}

type Unsigned<K extends LinkKind> = Omit<Extract<LinkPayload, { k: K }>, 'e'>;

export async function signLink<K extends LinkKind>(db: Db, config: Config, payload: Unsigned<K>, options: { now?: Date; ttlMs: number }): Promise<string> {
  const expiresAt = Math.floor(((options.now ?? new Date()).getTime() + options.ttlMs) / 1000);
  return signToken(db, config, payload.w, pack({ ...payload, e: expiresAt } as unknown as LinkPayload));
}

/** Checks the signature before trusting anything in the payload, then the kind and the expiry. */
export async function verifyLink<K extends LinkKind>(db: Db, config: Config, token: string, kind: K, now = new Date()): Promise<LinkCheck<K>> {
  const payload = await openToken(db, config, token, (bytes) => unpack(bytes)?.w ?? null);
  const parsed = payload ? unpack(payload) : null;
  if (!parsed || parsed.k !== kind) return { isValid: false, reason: 'invalid' };
  if (parsed.e * 1000 < now.getTime()) return { isValid: false, reason: 'expired' };
  return { isValid: true, payload: parsed as Extract<LinkPayload, { k: K }> };
}

export interface UnsubscribeLinkOptions {
  db: Db;
  config: Config;
  workspaceId: string;
  personId: string;
  /** What the one-click POST withdraws; email marketing unless said otherwise. */
  channel?: Channel;
  purpose?: Purpose;
  language?: PageLanguage;
  now?: Date;
}

/** The person's unsubscribe URL: POST withdraws in one click (RFC 8058), GET opens their preference page. */
export async function unsubscribeUrl(options: UnsubscribeLinkOptions): Promise<string> {
  const token = await signLink<'unsubscribe'>(options.db, options.config, {
    k: 'unsubscribe', w: options.workspaceId, p: options.personId, c: options.channel ?? 'email', u: options.purpose ?? 'marketing',
    ...(options.language ? { l: options.language } : {}),
  }, { now: options.now, ttlMs: UNSUBSCRIBE_LINK_TTL_MS });
  return `${options.config.publicUrl.replace(/\/$/, '')}/u/${token}`;
}

/**
 * Headers for a marketing message to this person: mail clients show an unsubscribe button that
 * POSTs `List-Unsubscribe=One-Click` to the URL (RFC 8058 §3.1; RFC 2369 for the header itself).
 */
export async function unsubscribeHeaders(options: UnsubscribeLinkOptions): Promise<Record<'List-Unsubscribe' | 'List-Unsubscribe-Post', string>> {
  return { 'List-Unsubscribe': `<${await unsubscribeUrl(options)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
