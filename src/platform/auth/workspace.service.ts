import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { inTransaction, type ServiceContext } from '../context.ts';
import { recordChange } from '../changes.ts';
import { diffFields } from '../audit/audit.service.ts';
import { defineErrors } from '../errors.ts';
import { newId } from '../ids.ts';
import { formatApiKey, hashPassword, newApiKeySecret, normaliseEmail } from './auth.service.ts';
import { BUILTIN_ROLES, BUILTIN_ROLE_KEYS } from './builtin-roles.ts';
import { authorize, systemPrincipal, type FieldRules, type PermissionSet } from './permissions.ts';

export const WorkspaceErrors = defineErrors({
  WORKSPACE_SLUG_TAKEN: { status: 409, title: 'A workspace with this slug already exists' },
  ROLE_NOT_FOUND: { status: 404, title: 'The role does not exist' },
  ROLE_KEY_TAKEN: { status: 409, title: 'A role with this key already exists' },
  ROLE_IS_BUILTIN: { status: 409, title: 'Built-in roles cannot be deleted, and the admin role cannot be changed' },
  ROLE_IN_USE: { status: 409, title: 'The role is still assigned to members or API keys' },
  MEMBER_NOT_FOUND: { status: 404, title: 'The member does not exist' },
  MEMBER_EXISTS: { status: 409, title: 'The user is already a member of this workspace' },
  LAST_ADMIN: { status: 409, title: 'The workspace must keep at least one active administrator' },
  TEAM_NOT_FOUND: { status: 404, title: 'The team does not exist' },
  TEAM_NAME_TAKEN: { status: 409, title: 'A team with this name already exists' },
  API_KEY_NOT_FOUND: { status: 404, title: 'The API key does not exist' },
});

// ---------- provisioning (CLI, demo seed, tests) ----------

export async function createWorkspace(
  db: Db,
  input: { slug: string; name: string; locale?: string; currency?: string; timeZone?: string; defaultRegion?: string },
) {
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('workspace').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (exists) throw WorkspaceErrors.WORKSPACE_SLUG_TAKEN({ field: 'slug' });
    const id = newId();
    await tx
      .insertInto('workspace')
      .values({
        id, slug: input.slug, name: input.name, locale: input.locale ?? 'ru', currency: input.currency ?? 'RUB',
        time_zone: input.timeZone ?? 'Europe/Moscow', default_region: input.defaultRegion ?? 'RU',
      })
      .execute();
    // Role names are data an admin may rename, so they are stored in the workspace's language.
    const language = input.locale === 'en' ? 'en' : 'ru';
    for (const key of BUILTIN_ROLE_KEYS) {
      const role = BUILTIN_ROLES[key];
      await tx
        .insertInto('role')
        .values({ workspace_id: id, id: newId(), key, name: role.name[language], is_builtin: true, permissions: JSON.stringify(role.permissions), field_rules: '{}' })
        .execute();
    }
    const ctx = { db: tx, principal: systemPrincipal(id) };
    await recordChange(tx, ctx, { entityType: 'workspace', entityId: id, action: 'create', changes: diffFields(null, input, Object.keys(input)), event: 'workspace.created' });
    return { id, slug: input.slug, name: input.name };
  });
}

export async function findWorkspaceBySlug(db: Db, slug: string) {
  return db.selectFrom('workspace').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Finds a user by email or creates one; the password is set only for a new user. */
async function ensureUser(db: Db, input: { email: string; name: string; password?: string; locale?: string }) {
  const email = normaliseEmail(input.email);
  const existing = await db.selectFrom('app_user').select(['id', 'name', 'email']).where('email', '=', email).executeTakeFirst();
  if (existing) return { ...existing, isNew: false };
  const id = newId();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await db.insertInto('app_user').values({ id, email, name: input.name, password_hash: passwordHash, locale: input.locale ?? 'ru' }).execute();
  return { id, name: input.name, email, isNew: true };
}

export async function setUserPassword(db: Db, email: string, password: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: await hashPassword(password) }).where('email', '=', normaliseEmail(email)).execute();
}

async function findRoleByKey(db: Db, workspaceId: string, key: string) {
  const role = await db.selectFrom('role').selectAll().where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  if (!role) throw WorkspaceErrors.ROLE_NOT_FOUND({ field: 'role', detail: `No role with key "${key}"` });
  return role;
}

// ---------- members ----------

export async function listMembers(ctx: ServiceContext) {
  authorize(ctx.principal, 'member', 'read');
  const { workspaceId } = ctx.principal;
  return sql<{ user_id: string; email: string; name: string; role: string; is_disabled: boolean; created_at: Date; team_ids: string[] }>`
    select m.user_id, u.email, u.name, r.key as role, m.is_disabled, m.created_at,
      coalesce((select json_agg(tm.team_id) from team_member tm where tm.workspace_id = m.workspace_id and tm.user_id = m.user_id), '[]'::json) as team_ids
    from membership m join app_user u on u.id = m.user_id
    join role r on r.workspace_id = m.workspace_id and r.id = m.role_id
    where m.workspace_id = ${workspaceId} order by u.name`.execute(ctx.db).then((r) => r.rows);
}

/**
 * Who works in the workspace, by name, for choosing an owner, an assignee or a participant.
 * Any member may read it; emails, roles and teams stay in the member list for administrators.
 */
export async function memberDirectory(ctx: ServiceContext) {
  return sql<{ user_id: string; name: string }>`
    select m.user_id, u.name from membership m join app_user u on u.id = m.user_id
    where m.workspace_id = ${ctx.principal.workspaceId} and not m.is_disabled order by u.name`.execute(ctx.db).then((r) => r.rows);
}

export async function addMember(ctx: ServiceContext, input: { email: string; name: string; password?: string; role: string; locale?: string }) {
  authorize(ctx.principal, 'member', 'create');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const role = await findRoleByKey(tx, workspaceId, input.role);
    const user = await ensureUser(tx, input);
    const existing = await tx.selectFrom('membership').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', user.id).executeTakeFirst();
    if (existing) throw WorkspaceErrors.MEMBER_EXISTS({ field: 'email' });
    await tx.insertInto('membership').values({ workspace_id: workspaceId, user_id: user.id, role_id: role.id }).execute();
    await recordChange(tx, ctx, {
      entityType: 'member', entityId: user.id, action: 'create', event: 'member.added',
      changes: { email: { after: user.email }, role: { after: role.key } },
    });
    return { user_id: user.id, email: user.email, name: user.name, role: role.key, is_disabled: false };
  });
}

async function assertKeepsAnAdmin(tx: Db, workspaceId: string, leavingUserId: string) {
  const others = await sql<{ n: number }>`
    select count(*)::int as n from membership m join role r on r.workspace_id = m.workspace_id and r.id = m.role_id
    where m.workspace_id = ${workspaceId} and r.key = 'admin' and not m.is_disabled and m.user_id <> ${leavingUserId}`.execute(tx);
  if ((others.rows[0]?.n ?? 0) === 0) throw WorkspaceErrors.LAST_ADMIN();
}

export async function updateMember(ctx: ServiceContext, userId: string, input: { role?: string; is_disabled?: boolean }) {
  authorize(ctx.principal, 'member', 'update');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const before = await tx
      .selectFrom('membership').innerJoin('role', (j) => j.onRef('role.workspace_id', '=', 'membership.workspace_id').onRef('role.id', '=', 'membership.role_id'))
      .select(['membership.user_id', 'membership.is_disabled', 'role.key as role'])
      .where('membership.workspace_id', '=', workspaceId).where('membership.user_id', '=', userId)
      .forUpdate().executeTakeFirst();
    if (!before) throw WorkspaceErrors.MEMBER_NOT_FOUND();
    const role = input.role ? await findRoleByKey(tx, workspaceId, input.role) : undefined;
    const isLosingAdmin = before.role === 'admin' && ((role && role.key !== 'admin') || input.is_disabled === true);
    if (isLosingAdmin) await assertKeepsAnAdmin(tx, workspaceId, userId);
    await tx
      .updateTable('membership')
      .set({ ...(role ? { role_id: role.id } : {}), ...(input.is_disabled !== undefined ? { is_disabled: input.is_disabled } : {}) })
      .where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    const after = { ...before, ...(role ? { role: role.key } : {}), ...(input.is_disabled !== undefined ? { is_disabled: input.is_disabled } : {}) };
    await recordChange(tx, ctx, { entityType: 'member', entityId: userId, action: 'update', event: 'member.updated', changes: diffFields(before, after, ['role', 'is_disabled']) });
    return after;
  });
}

export async function removeMember(ctx: ServiceContext, userId: string) {
  authorize(ctx.principal, 'member', 'delete');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const member = await tx.selectFrom('membership').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!member) throw WorkspaceErrors.MEMBER_NOT_FOUND();
    await assertKeepsAnAdmin(tx, workspaceId, userId);
    await tx.deleteFrom('membership').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await recordChange(tx, ctx, { entityType: 'member', entityId: userId, action: 'delete', event: 'member.removed', changes: {} });
  });
}

/** Provisioning path (CLI, seed): adds a user to a workspace with a role, as the system. */
export async function provisionMember(db: Db, workspaceId: string, input: { email: string; name: string; password?: string; role: string; locale?: string }) {
  return addMember({ db, principal: systemPrincipal(workspaceId) }, input);
}

// ---------- teams ----------

export async function listTeams(ctx: ServiceContext) {
  authorize(ctx.principal, 'team', 'read');
  return sql<{ id: string; name: string; created_at: Date; member_ids: string[] }>`
    select t.id, t.name, t.created_at,
      coalesce((select json_agg(tm.user_id) from team_member tm where tm.workspace_id = t.workspace_id and tm.team_id = t.id), '[]'::json) as member_ids
    from team t where t.workspace_id = ${ctx.principal.workspaceId} order by t.name`.execute(ctx.db).then((r) => r.rows);
}

async function assertTeamNameFree(tx: Db, workspaceId: string, name: string, exceptId?: string) {
  let q = tx.selectFrom('team').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw WorkspaceErrors.TEAM_NAME_TAKEN({ field: 'name' });
}

async function replaceTeamMembers(tx: Db, workspaceId: string, teamId: string, userIds: string[]) {
  const unique = [...new Set(userIds)];
  if (unique.length > 0) {
    const members = await tx.selectFrom('membership').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', unique).execute();
    if (members.length !== unique.length) throw WorkspaceErrors.MEMBER_NOT_FOUND({ field: 'member_ids' });
  }
  await tx.deleteFrom('team_member').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute();
  if (unique.length > 0) {
    await tx.insertInto('team_member').values(unique.map((user_id) => ({ workspace_id: workspaceId, team_id: teamId, user_id }))).execute();
  }
  return unique;
}

export async function createTeam(ctx: ServiceContext, input: { name: string; member_ids?: string[] }) {
  authorize(ctx.principal, 'team', 'create');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    await assertTeamNameFree(tx, workspaceId, input.name);
    const id = newId();
    await tx.insertInto('team').values({ workspace_id: workspaceId, id, name: input.name }).execute();
    const memberIds = await replaceTeamMembers(tx, workspaceId, id, input.member_ids ?? []);
    await recordChange(tx, ctx, { entityType: 'team', entityId: id, action: 'create', event: 'team.created', changes: { name: { after: input.name }, member_ids: { after: memberIds } } });
    return { id, name: input.name, member_ids: memberIds };
  });
}

export async function updateTeam(ctx: ServiceContext, teamId: string, input: { name?: string; member_ids?: string[] }) {
  authorize(ctx.principal, 'team', 'update');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const team = await tx.selectFrom('team').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', teamId).forUpdate().executeTakeFirst();
    if (!team) throw WorkspaceErrors.TEAM_NOT_FOUND();
    const beforeMembers = (await tx.selectFrom('team_member').select('user_id').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute()).map((r) => r.user_id);
    if (input.name !== undefined) {
      await assertTeamNameFree(tx, workspaceId, input.name, teamId);
      await tx.updateTable('team').set({ name: input.name }).where('workspace_id', '=', workspaceId).where('id', '=', teamId).execute();
    }
    const memberIds = input.member_ids ? await replaceTeamMembers(tx, workspaceId, teamId, input.member_ids) : beforeMembers;
    const after = { name: input.name ?? team.name, member_ids: memberIds };
    await recordChange(tx, ctx, { entityType: 'team', entityId: teamId, action: 'update', event: 'team.updated', changes: diffFields({ name: team.name, member_ids: beforeMembers }, after, ['name', 'member_ids']) });
    return { id: teamId, ...after };
  });
}

export async function deleteTeam(ctx: ServiceContext, teamId: string) {
  authorize(ctx.principal, 'team', 'delete');
  return inTransaction(ctx, async (tx, ctx) => {
    const deleted = await tx.deleteFrom('team').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', teamId).returning('name').executeTakeFirst();
    if (!deleted) throw WorkspaceErrors.TEAM_NOT_FOUND();
    await recordChange(tx, ctx, { entityType: 'team', entityId: teamId, action: 'delete', event: 'team.deleted', changes: { name: { before: deleted.name } } });
  });
}

// ---------- roles ----------

export async function listRoles(ctx: ServiceContext) {
  authorize(ctx.principal, 'role', 'read');
  return ctx.db
    .selectFrom('role')
    .select(['id', 'key', 'name', 'is_builtin', 'permissions', 'field_rules', 'created_at', 'updated_at'])
    .where('workspace_id', '=', ctx.principal.workspaceId)
    .orderBy('is_builtin', 'desc').orderBy('name')
    .execute();
}

export async function createRole(ctx: ServiceContext, input: { key: string; name: string; permissions: PermissionSet; field_rules?: FieldRules }) {
  authorize(ctx.principal, 'role', 'create');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const taken = await tx.selectFrom('role').select('id').where('workspace_id', '=', workspaceId).where('key', '=', input.key).executeTakeFirst();
    if (taken) throw WorkspaceErrors.ROLE_KEY_TAKEN({ field: 'key' });
    const id = newId();
    const fieldRules = input.field_rules ?? {};
    const role = await tx
      .insertInto('role')
      .values({ workspace_id: workspaceId, id, key: input.key, name: input.name, permissions: JSON.stringify(input.permissions), field_rules: JSON.stringify(fieldRules) })
      .returning(['id', 'key', 'name', 'is_builtin', 'permissions', 'field_rules', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordChange(tx, ctx, { entityType: 'role', entityId: id, action: 'create', event: 'role.created', changes: diffFields(null, input, ['key', 'name', 'permissions', 'field_rules']) });
    return role;
  });
}

export async function updateRole(ctx: ServiceContext, roleId: string, input: { name?: string; permissions?: PermissionSet; field_rules?: FieldRules }) {
  authorize(ctx.principal, 'role', 'update');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const before = await tx.selectFrom('role').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', roleId).forUpdate().executeTakeFirst();
    if (!before) throw WorkspaceErrors.ROLE_NOT_FOUND();
    // Editing 'admin' could lock every administrator out of the workspace.
    if (before.key === 'admin') throw WorkspaceErrors.ROLE_IS_BUILTIN();
    const after = await tx
      .updateTable('role')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.permissions !== undefined ? { permissions: JSON.stringify(input.permissions) } : {}),
        ...(input.field_rules !== undefined ? { field_rules: JSON.stringify(input.field_rules) } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', workspaceId).where('id', '=', roleId)
      .returning(['id', 'key', 'name', 'is_builtin', 'permissions', 'field_rules', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordChange(tx, ctx, { entityType: 'role', entityId: roleId, action: 'update', event: 'role.updated', changes: diffFields(before, after, ['name', 'permissions', 'field_rules']) });
    return after;
  });
}

export async function deleteRole(ctx: ServiceContext, roleId: string) {
  authorize(ctx.principal, 'role', 'delete');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const role = await tx.selectFrom('role').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', roleId).forUpdate().executeTakeFirst();
    if (!role) throw WorkspaceErrors.ROLE_NOT_FOUND();
    if (role.is_builtin) throw WorkspaceErrors.ROLE_IS_BUILTIN();
    const inUse = await sql<{ n: number }>`
      select (select count(*) from membership where workspace_id = ${workspaceId} and role_id = ${roleId})
           + (select count(*) from api_key where workspace_id = ${workspaceId} and role_id = ${roleId} and revoked_at is null) as n`.execute(tx);
    if (Number(inUse.rows[0]?.n ?? 0) > 0) throw WorkspaceErrors.ROLE_IN_USE();
    // Revoked keys keep a reference for the record; repoint them at read-only before deleting.
    const readOnly = await findRoleByKey(tx, workspaceId, 'read-only');
    await tx.updateTable('api_key').set({ role_id: readOnly.id }).where('workspace_id', '=', workspaceId).where('role_id', '=', roleId).execute();
    await tx.deleteFrom('role').where('workspace_id', '=', workspaceId).where('id', '=', roleId).execute();
    await recordChange(tx, ctx, { entityType: 'role', entityId: roleId, action: 'delete', event: 'role.deleted', changes: { key: { before: role.key }, name: { before: role.name } } });
  });
}

// ---------- API keys ----------

export async function listApiKeys(ctx: ServiceContext) {
  authorize(ctx.principal, 'api_key', 'read');
  return ctx.db
    .selectFrom('api_key')
    .innerJoin('role', (j) => j.onRef('role.workspace_id', '=', 'api_key.workspace_id').onRef('role.id', '=', 'api_key.role_id'))
    .select(['api_key.id', 'api_key.name', 'role.key as role', 'api_key.created_by', 'api_key.created_at', 'api_key.last_used_at', 'api_key.revoked_at'])
    .where('api_key.workspace_id', '=', ctx.principal.workspaceId)
    .orderBy('api_key.id', 'desc')
    .execute();
}

/** Creates a key; the plain key is returned once and never stored. */
export async function createApiKey(ctx: ServiceContext, input: { name: string; role: string }) {
  authorize(ctx.principal, 'api_key', 'create');
  return inTransaction(ctx, async (tx, ctx) => {
    const { workspaceId } = ctx.principal;
    const role = await findRoleByKey(tx, workspaceId, input.role);
    const { id, secret, secretHash } = newApiKeySecret();
    const row = await tx
      .insertInto('api_key')
      .values({ workspace_id: workspaceId, id, name: input.name, secret_hash: secretHash, role_id: role.id, created_by: ctx.principal.userId })
      .returning(['id', 'name', 'created_by', 'created_at', 'last_used_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await recordChange(tx, ctx, { entityType: 'api_key', entityId: id, action: 'create', event: 'api_key.created', changes: { name: { after: input.name }, role: { after: role.key } } });
    return { ...row, role: role.key, key: formatApiKey(id, secret) };
  });
}

export async function revokeApiKey(ctx: ServiceContext, keyId: string) {
  authorize(ctx.principal, 'api_key', 'delete');
  return inTransaction(ctx, async (tx, ctx) => {
    const revoked = await tx
      .updateTable('api_key').set({ revoked_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', keyId).where('revoked_at', 'is', null)
      .returning('name').executeTakeFirst();
    if (!revoked) throw WorkspaceErrors.API_KEY_NOT_FOUND();
    await recordChange(tx, ctx, { entityType: 'api_key', entityId: keyId, action: 'revoke', event: 'api_key.revoked', changes: { revoked: { before: false, after: true } } });
  });
}

