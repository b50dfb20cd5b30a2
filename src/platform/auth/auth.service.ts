import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { principalTablesVersion } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { recordChange } from '../changes.ts';
import { defineErrors, PlatformErrors } from '../errors.ts';
import { isUuid, newId, randomToken, sha256 } from '../ids.ts';
import type { FieldRules, PermissionSet, Principal } from './permissions.ts';

export const AuthErrors = defineErrors({
  WORKSPACE_NOT_FOUND: { status: 404, title: 'The workspace does not exist' },
  USER_DISABLED: { status: 403, title: 'The user is disabled' },
});

// argon2id (the library's default algorithm) with OWASP's minimum parameters.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verifying against this when the email is unknown keeps login timing uniform.
const DUMMY_HASH_PROMISE = hash('rapport-timing-equaliser', ARGON2);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? (await DUMMY_HASH_PROMISE), password);
  } catch {
    return false;
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Checks credentials; returns the user or throws INVALID_CREDENTIALS. */
export async function authenticateUser(db: Db, email: string, password: string) {
  const user = await db.selectFrom('app_user').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  const isValid = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !isValid) throw PlatformErrors.INVALID_CREDENTIALS();
  if (user.is_disabled) throw AuthErrors.USER_DISABLED();
  return user;
}

export interface SessionTokens {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, options: { userId: string; workspaceId: string | null; ttlHours: number }): Promise<SessionTokens> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + options.ttlHours * 3600_000);
  await db
    .insertInto('user_session')
    .values({ id: sha256(token), user_id: options.userId, workspace_id: options.workspaceId, csrf_token: csrfToken, expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Db, token: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.id', 'user_session.user_id', 'user_session.workspace_id', 'user_session.csrf_token',
      'app_user.name as user_name', 'app_user.email', 'app_user.locale', 'app_user.is_disabled',
    ])
    .where('user_session.id', '=', sha256(token))
    .where('user_session.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', sha256(token)).execute();
}

export async function setSessionWorkspace(db: Db, sessionId: string, workspaceId: string): Promise<void> {
  await db.updateTable('user_session').set({ workspace_id: workspaceId }).where('id', '=', sessionId).execute();
}

interface PrincipalRow {
  role_key: string;
  permissions: PermissionSet;
  field_rules: FieldRules;
  team_user_ids: string[];
}

// The 'team' scope: every user who shares at least one team with the principal's user.
const teamUserIds = (workspaceId: unknown, userId: unknown) => sql<string[]>`coalesce((
  select json_agg(distinct peer.user_id) from team_member mine
  join team_member peer on peer.workspace_id = mine.workspace_id and peer.team_id = mine.team_id
  where mine.workspace_id = ${workspaceId} and mine.user_id = ${userId}), '[]'::json)`;

/** The principal of a user in a workspace, or null when they are not an active member. */
export async function loadUserPrincipal(db: Db, userId: string, workspaceId: string): Promise<Principal | null> {
  const row = await sql<PrincipalRow & { name: string }>`
    select r.key as role_key, r.permissions, r.field_rules, u.name, ${teamUserIds(workspaceId, userId)} as team_user_ids
    from membership m
    join role r on r.workspace_id = m.workspace_id and r.id = m.role_id
    join app_user u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId} and not m.is_disabled and not u.is_disabled`.execute(db);
  const r = row.rows[0];
  if (!r) return null;
  return {
    kind: 'user', id: userId, userId, name: r.name, workspaceId, roleKey: r.role_key,
    permissions: r.permissions, fieldRules: r.field_rules, teamUserIds: r.team_user_ids,
  };
}

// Format: rk_<key id as 32 hex>_<secret>. The id finds the row; only the secret's hash is stored.
const API_KEY_RE = /^rk_([0-9a-f]{32})_([A-Za-z0-9_-]{32,64})$/;

export function formatApiKey(id: string, secret: string): string {
  return `rk_${id.replaceAll('-', '')}_${secret}`;
}

function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = API_KEY_RE.exec(key);
  if (!match) return null;
  const hex = match[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return isUuid(id) ? { id, secret: match[2]! } : null;
}

export function newApiKeySecret(): { id: string; secret: string; secretHash: string } {
  const secret = randomToken(32);
  // The secret has 256 bits of entropy, so a fast hash is enough; argon2 would slow every API call.
  return { id: newId(), secret, secretHash: sha256(secret) };
}

const lastUsedWrites = new Map<string, number>();

/**
 * Loaded API-key principals, kept for at most PRINCIPAL_TTL_MS: the join would otherwise run on
 * every API call. An entry is used only while no write by this process to the tables it came
 * from (keys, roles, teams, members) has started or committed since its load began, so a
 * revocation or role change made here applies to the very next request. Other processes'
 * changes apply within PRINCIPAL_TTL_MS. Databases that don't track such writes (PGlite) are
 * not cached.
 */
const PRINCIPAL_TTL_MS = 1000;
const MAX_CACHED_PRINCIPALS = 1000;
const principalCaches = new WeakMap<Db, Map<string, { principal: Principal; version: number; loadedAt: number }>>();

/** An API key's principal; with a secret, only if the secret matches. */
async function queryApiKeyPrincipal(db: Db, id: string, secret: string | null): Promise<Principal | null> {
  const row = await sql<PrincipalRow & { workspace_id: string; name: string; secret_hash: string; created_by: string | null }>`
    select k.workspace_id, k.name, k.secret_hash, k.created_by, r.key as role_key, r.permissions, r.field_rules,
      ${teamUserIds(sql`k.workspace_id`, sql`k.created_by`)} as team_user_ids
    from api_key k join role r on r.workspace_id = k.workspace_id and r.id = k.role_id
    where k.id = ${id} and k.revoked_at is null`.execute(db);
  const r = row.rows[0];
  if (!r || (secret !== null && r.secret_hash !== sha256(secret))) return null;
  return {
    kind: 'api_key', id, userId: r.created_by, name: `API key “${r.name}”`, workspaceId: r.workspace_id,
    roleKey: r.role_key, permissions: r.permissions, fieldRules: r.field_rules, teamUserIds: r.team_user_ids,
  };
}

/** The principal of a live API key, or null for an unknown, malformed or revoked one. */
export async function loadApiKeyPrincipal(db: Db, key: string): Promise<Principal | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const version = principalTablesVersion(db);
  let cache = principalCaches.get(db);
  if (version !== undefined && !cache) principalCaches.set(db, (cache = new Map()));
  const startedAt = Date.now();
  const cached = cache?.get(key);
  let principal: Principal | null;
  if (cached && cached.version === version && startedAt - cached.loadedAt < PRINCIPAL_TTL_MS) {
    principal = cached.principal;
  } else {
    principal = await queryApiKeyPrincipal(db, parsed.id, parsed.secret);
    // A load that overlapped a write to those tables may have read the old rows: don't keep it.
    if (cache && principal && principalTablesVersion(db) === version) {
      if (cache.size >= MAX_CACHED_PRINCIPALS) cache.clear();
      cache.set(key, { principal, version: version!, loadedAt: startedAt });
    }
  }
  if (!principal) return null;
  // Record use at most once a minute per process, to keep writes off the hot path.
  const now = Date.now();
  if ((lastUsedWrites.get(parsed.id) ?? 0) < now - 60_000) {
    lastUsedWrites.set(parsed.id, now);
    await db.updateTable('api_key').set({ last_used_at: new Date() }).where('workspace_id', '=', principal.workspaceId).where('id', '=', parsed.id).execute();
  }
  return principal;
}

/**
 * The principal a background job acts for, reloaded when it runs: a job started by someone whose
 * role changed, or whose key was revoked, gets today's rights, or none.
 */
export async function loadJobPrincipal(db: Db, actor: { kind: string; id: string; workspaceId: string }): Promise<Principal | null> {
  if (actor.kind === 'user') return loadUserPrincipal(db, actor.id, actor.workspaceId);
  if (actor.kind === 'api_key') {
    const principal = await queryApiKeyPrincipal(db, actor.id, null);
    return principal?.workspaceId === actor.workspaceId ? principal : null;
  }
  return null;
}

export async function listUserWorkspaces(db: Db, userId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('workspace', 'workspace.id', 'membership.workspace_id')
    .innerJoin('role', (join) => join.onRef('role.workspace_id', '=', 'membership.workspace_id').onRef('role.id', '=', 'membership.role_id'))
    .select(['workspace.id', 'workspace.slug', 'workspace.name', 'workspace.locale', 'workspace.currency', 'workspace.time_zone', 'role.key as role'])
    .where('membership.user_id', '=', userId)
    .where('membership.is_disabled', '=', false)
    .orderBy('workspace.name')
    .execute();
}

/** Sign-ins and sign-outs are security events: they go to the workspace's audit log like any change. */
export async function recordSessionEvent(db: Db, options: { userId: string; workspaceId: string; action: 'login' | 'logout'; requestId: string }) {
  const principal = await loadUserPrincipal(db, options.userId, options.workspaceId);
  if (!principal) return;
  await db.transaction().execute((tx) =>
    recordChange(tx, { db: tx, principal, requestId: options.requestId }, {
      entityType: 'member', entityId: options.userId, action: options.action, changes: {}, event: `member.${options.action === 'login' ? 'logged_in' : 'logged_out'}`,
    }),
  );
}
