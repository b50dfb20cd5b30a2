import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { contextOf, type ApiApp } from '../http/server.ts';
import { timestampSchema } from '../records/record-type.ts';
import { fieldRulesSchema, permissionSetSchema } from './permissions.ts';
import * as workspace from './workspace.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const userParams = z.strictObject({ user_id: z.uuid() });
const roleKeySchema = z.string().regex(/^[a-z0-9_-]{2,64}$/, 'Use 2–64 lower-case letters, digits, - or _');
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const memberSchema = z.object({
  user_id: z.uuid(), email: z.string(), name: z.string(), role: z.string(), is_disabled: z.boolean(),
  team_ids: z.array(z.uuid()).optional(), created_at: timestampSchema.optional(),
});
const teamSchema = z.object({ id: z.uuid(), name: z.string(), member_ids: z.array(z.uuid()), created_at: timestampSchema.optional() });
const roleSchema = z.object({
  id: z.uuid(), key: z.string(), name: z.string(), is_builtin: z.boolean(),
  permissions: permissionSetSchema, field_rules: fieldRulesSchema, created_at: timestampSchema, updated_at: timestampSchema,
});
const apiKeySchema = z.object({
  id: z.uuid(), name: z.string(), role: z.string(), created_by: z.uuid().nullable(),
  created_at: timestampSchema, last_used_at: timestampSchema.nullable(), revoked_at: timestampSchema.nullable(),
});

const presentRole = (r: Awaited<ReturnType<typeof workspace.listRoles>>[number]) => ({ ...r, created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)! });
const presentKey = <T extends { created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(k: T) => ({
  ...k, created_at: iso(k.created_at)!, last_used_at: iso(k.last_used_at), revoked_at: iso(k.revoked_at),
});

/** Workspace administration: members, teams, roles with field rules, and API keys. */
export function registerSettingsRoutes(app: ApiApp, { db }: { db: Db }) {
  const tags = ['settings'];

  app.get('/api/v1/members', { schema: { tags, summary: 'List members', response: { 200: z.object({ data: z.array(memberSchema) }) } } }, async (request) => {
    const rows = await workspace.listMembers(contextOf(request, db));
    return { data: rows.map((m) => ({ ...m, created_at: iso(m.created_at)! })) };
  });
  app.get('/api/v1/members/directory', {
    schema: {
      tags, summary: 'Active members by name, for pickers (owner, assignee, participants); any member may read it',
      response: { 200: z.object({ data: z.array(z.object({ user_id: z.uuid(), name: z.string() })) }) },
    },
  }, async (request) => ({ data: await workspace.memberDirectory(contextOf(request, db)) }));
  app.post('/api/v1/members', {
    schema: {
      tags, summary: 'Add a member (creating the user if needed)',
      body: z.strictObject({ email: z.email().max(320), name: z.string().trim().min(1).max(200), password: z.string().min(8).max(1024).optional(), role: roleKeySchema }),
      response: { 201: memberSchema },
    },
  }, async (request, reply) => reply.code(201).send(await workspace.addMember(contextOf(request, db), request.body)));
  app.patch('/api/v1/members/:user_id', {
    schema: { tags, summary: 'Change a member’s role or disable them', params: userParams, body: z.strictObject({ role: roleKeySchema.optional(), is_disabled: z.boolean().optional() }), response: { 200: memberSchema.partial().extend({ user_id: z.uuid() }) } },
  }, async (request) => workspace.updateMember(contextOf(request, db), request.params.user_id, request.body));
  app.delete('/api/v1/members/:user_id', {
    schema: { tags, summary: 'Remove a member', params: userParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await workspace.removeMember(contextOf(request, db), request.params.user_id);
    return reply.code(204).send(null);
  });

  const teamBody = { name: z.string().trim().min(1).max(200), member_ids: z.array(z.uuid()).max(1000) };
  app.get('/api/v1/teams', { schema: { tags, summary: 'List teams', response: { 200: z.object({ data: z.array(teamSchema) }) } } }, async (request) => {
    const rows = await workspace.listTeams(contextOf(request, db));
    return { data: rows.map((t) => ({ ...t, created_at: iso(t.created_at)! })) };
  });
  app.post('/api/v1/teams', {
    schema: { tags, summary: 'Create a team', body: z.strictObject({ name: teamBody.name, member_ids: teamBody.member_ids.optional() }), response: { 201: teamSchema } },
  }, async (request, reply) => reply.code(201).send(await workspace.createTeam(contextOf(request, db), request.body)));
  app.patch('/api/v1/teams/:id', {
    schema: { tags, summary: 'Rename a team or replace its members', params: idParams, body: z.strictObject({ name: teamBody.name.optional(), member_ids: teamBody.member_ids.optional() }), response: { 200: teamSchema } },
  }, async (request) => workspace.updateTeam(contextOf(request, db), request.params.id, request.body));
  app.delete('/api/v1/teams/:id', { schema: { tags, summary: 'Delete a team', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    await workspace.deleteTeam(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/roles', { schema: { tags, summary: 'List roles with their permissions and field rules', response: { 200: z.object({ data: z.array(roleSchema) }) } } }, async (request) => ({
    data: (await workspace.listRoles(contextOf(request, db))).map(presentRole),
  }));
  app.post('/api/v1/roles', {
    schema: {
      tags, summary: 'Create a role',
      body: z.strictObject({ key: roleKeySchema, name: z.string().trim().min(1).max(200), permissions: permissionSetSchema, field_rules: fieldRulesSchema.optional() }),
      response: { 201: roleSchema },
    },
  }, async (request, reply) => reply.code(201).send(presentRole(await workspace.createRole(contextOf(request, db), request.body))));
  app.patch('/api/v1/roles/:id', {
    schema: {
      tags, summary: 'Change a role’s name, permissions or field rules', params: idParams,
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), permissions: permissionSetSchema.optional(), field_rules: fieldRulesSchema.optional() }),
      response: { 200: roleSchema },
    },
  }, async (request) => presentRole(await workspace.updateRole(contextOf(request, db), request.params.id, request.body)));
  app.delete('/api/v1/roles/:id', { schema: { tags, summary: 'Delete a custom role', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    await workspace.deleteRole(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/api-keys', { schema: { tags, summary: 'List API keys (never the secrets)', response: { 200: z.object({ data: z.array(apiKeySchema) }) } } }, async (request) => ({
    data: (await workspace.listApiKeys(contextOf(request, db))).map(presentKey),
  }));
  app.post('/api/v1/api-keys', {
    schema: {
      tags, summary: 'Create an API key; the key is shown only in this response',
      body: z.strictObject({ name: z.string().trim().min(1).max(200), role: roleKeySchema }),
      response: { 201: apiKeySchema.extend({ key: z.string() }) },
    },
  }, async (request, reply) => reply.code(201).send(presentKey(await workspace.createApiKey(contextOf(request, db), request.body))));
  app.delete('/api/v1/api-keys/:id', { schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    await workspace.revokeApiKey(contextOf(request, db), request.params.id);
    return reply.code(204).send(null);
  });
}
