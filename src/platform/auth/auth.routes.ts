import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { PlatformErrors } from '../errors.ts';
import { SESSION_COOKIE, type ApiApp } from '../http/server.ts';
import {
  AuthErrors, authenticateUser, createSession, deleteSession, findSession, listUserWorkspaces, loadUserPrincipal, recordSessionEvent, setSessionWorkspace,
} from './auth.service.ts';
import { fieldRulesSchema, permissionSetSchema } from './permissions.ts';

const workspaceSchema = z.object({
  id: z.uuid(), slug: z.string(), name: z.string(), role: z.string(), locale: z.string(), currency: z.string(), time_zone: z.string(),
});

export const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), locale: z.string() }),
  workspace: workspaceSchema.nullable(),
  workspaces: z.array(workspaceSchema),
  csrf_token: z.string().nullable(),
  permissions: permissionSetSchema,
  field_rules: fieldRulesSchema,
});

const loginBodySchema = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  workspace: z.string().max(63).optional(),
});

async function describeMe(db: Db, userId: string, workspaceId: string | null, csrfToken: string | null) {
  const user = await db.selectFrom('app_user').select(['id', 'email', 'name', 'locale']).where('id', '=', userId).executeTakeFirstOrThrow();
  const workspaces = await listUserWorkspaces(db, userId);
  const workspace = workspaces.find((w) => w.id === workspaceId) ?? null;
  const principal = workspace ? await loadUserPrincipal(db, userId, workspace.id) : null;
  return {
    user,
    workspace,
    workspaces,
    csrf_token: csrfToken,
    permissions: principal?.permissions ?? {},
    field_rules: principal?.fieldRules ?? {},
  };
}

function requireSession(request: FastifyRequest) {
  if (!request.session) throw PlatformErrors.UNAUTHENTICATED({ detail: 'This route needs a browser session' });
  return request.session;
}

export function registerAuthRoutes(app: ApiApp, { db, config }: { db: Db; config: Config }) {
  const cookieOptions = (expires: Date) => ({
    path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.isSecureCookie, expires,
  });

  app.post('/api/v1/auth/login', {
    config: {
      auth: 'public',
      rateLimit: {
        max: config.loginRateLimitPerMinute,
        timeWindow: '1 minute',
        // Per address and account, so one attacker can't lock everybody out.
        keyGenerator: (request: FastifyRequest) => `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        errorResponseBuilder: () => PlatformErrors.RATE_LIMITED({ detail: 'Too many login attempts; wait a minute' }),
      },
    },
    schema: { tags: ['auth'], summary: 'Log in with email and password', security: [], body: loginBodySchema, response: { 200: meSchema } },
  }, async (request, reply) => {
    const user = await authenticateUser(db, request.body.email, request.body.password);
    const workspaces = await listUserWorkspaces(db, user.id);
    let workspace: (typeof workspaces)[number] | null = workspaces[0] ?? null;
    if (request.body.workspace) {
      workspace = workspaces.find((w) => w.slug === request.body.workspace) ?? null;
      if (!workspace) throw AuthErrors.WORKSPACE_NOT_FOUND({ field: 'workspace' });
    }
    const session = await createSession(db, { userId: user.id, workspaceId: workspace?.id ?? null, ttlHours: config.sessionTtlHours });
    reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(session.expiresAt));
    if (workspace) await recordSessionEvent(db, { userId: user.id, workspaceId: workspace.id, action: 'login', requestId: String(request.id) });
    return describeMe(db, user.id, workspace?.id ?? null, session.csrfToken);
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: 'session' },
    schema: { tags: ['auth'], summary: 'End the browser session', response: { 204: z.null() } },
  }, async (request, reply) => {
    if (request.sessionToken) await deleteSession(db, request.sessionToken);
    if (request.session?.workspaceId) {
      await recordSessionEvent(db, { userId: request.session.userId, workspaceId: request.session.workspaceId, action: 'logout', requestId: String(request.id) });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    config: { auth: 'session' },
    schema: { tags: ['auth'], summary: 'The current user, workspace, permissions and CSRF token', response: { 200: meSchema } },
  }, async (request) => {
    const session = requireSession(request);
    return describeMe(db, session.userId, session.workspaceId, session.csrfToken);
  });

  app.patch('/api/v1/auth/me', {
    config: { auth: 'session' },
    schema: {
      tags: ['auth'], summary: 'Change your name or interface language',
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), locale: z.enum(['ru', 'en']).optional() }),
      response: { 200: meSchema },
    },
  }, async (request) => {
    const session = requireSession(request);
    const { name, locale } = request.body;
    if (name !== undefined || locale !== undefined) {
      await db.updateTable('app_user').set({ ...(name ? { name } : {}), ...(locale ? { locale } : {}) }).where('id', '=', session.userId).execute();
    }
    return describeMe(db, session.userId, session.workspaceId, session.csrfToken);
  });

  app.post('/api/v1/auth/workspace', {
    config: { auth: 'session' },
    schema: { tags: ['auth'], summary: 'Switch the current workspace', body: z.strictObject({ slug: z.string().min(1).max(63) }), response: { 200: meSchema } },
  }, async (request) => {
    const session = requireSession(request);
    const workspaces = await listUserWorkspaces(db, session.userId);
    const target = workspaces.find((w) => w.slug === request.body.slug);
    if (!target) throw AuthErrors.WORKSPACE_NOT_FOUND({ field: 'slug' });
    await setSessionWorkspace(db, session.id, target.id);
    const fresh = await findSession(db, request.sessionToken!);
    return describeMe(db, session.userId, target.id, fresh?.csrf_token ?? session.csrfToken);
  });
}
