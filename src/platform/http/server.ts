import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DbConnection } from '../db/connect.ts';
import { findSession, loadApiKeyPrincipal, loadUserPrincipal } from '../auth/auth.service.ts';
import type { Principal } from '../auth/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { PlatformErrors } from '../errors.ts';
import { newId, sha256 } from '../ids.ts';
import { sendProblem, toAppError } from './problem.ts';

export const SESSION_COOKIE = 'rapport_session';

export interface SessionInfo {
  id: string;
  userId: string;
  workspaceId: string | null;
  csrfToken: string;
  userName: string;
  email: string;
  locale: string;
}

/** How much identity a route needs: none, a logged-in user, or a principal in a workspace. */
export type RouteAuth = 'public' | 'session' | 'principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: SessionInfo | null;
    sessionToken: string | null;
    idempotencyKey: string | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

export type ApiApp = FastifyInstance<
  import('node:http').Server, import('node:http').IncomingMessage, import('node:http').ServerResponse, FastifyBaseLogger, ZodTypeProvider
>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The service context of an authenticated request. */
export function contextOf(request: FastifyRequest, db: DbConnection['db']): ServiceContext {
  if (!request.principal) throw PlatformErrors.UNAUTHENTICATED();
  return { db, principal: request.principal, requestId: String(request.id) };
}

async function authenticate(request: FastifyRequest, conn: DbConnection): Promise<'cookie' | 'key' | null> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const principal = await loadApiKeyPrincipal(conn.db, authorization.slice('Bearer '.length).trim());
    if (!principal) throw PlatformErrors.INVALID_API_KEY();
    request.principal = principal;
    return 'key';
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await findSession(conn.db, token);
  if (!session || session.is_disabled) return null;
  request.sessionToken = token;
  request.session = {
    id: session.id, userId: session.user_id, workspaceId: session.workspace_id, csrfToken: session.csrf_token,
    userName: session.user_name, email: session.email, locale: session.locale,
  };
  if (session.workspace_id) request.principal = await loadUserPrincipal(conn.db, session.user_id, session.workspace_id);
  return 'cookie';
}

function registerAuthHooks(app: ApiApp, conn: DbConnection) {
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('idempotencyKey', null);

  app.addHook('onRequest', async (request) => {
    // Every /api/v1 route needs a workspace principal unless it says otherwise.
    if (!request.url.startsWith('/api/v1/') || !request.routeOptions.url) return;
    const auth = request.routeOptions.config?.auth ?? 'principal';
    const via = auth === 'public' ? null : await authenticate(request, conn);
    if (auth === 'public') return;
    if (!request.session && !request.principal) throw PlatformErrors.UNAUTHENTICATED();
    // Cookies ride along on cross-site requests; the token from the response body does not.
    if (via === 'cookie' && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.session?.csrfToken) {
      throw PlatformErrors.CSRF_TOKEN_INVALID({ field: 'X-CSRF-Token' });
    }
    if (auth === 'principal' && !request.principal) throw PlatformErrors.NOT_A_MEMBER();
  });
}

const PENDING_TAKEOVER_MS = 60_000;

/**
 * POST requests carrying an Idempotency-Key run once per principal and key: a retry gets the
 * stored response; a different request under the same key is refused.
 */
function registerIdempotency(app: ApiApp, conn: DbConnection) {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || !request.principal || key === undefined) return;
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'Idempotency-Key', detail: 'Idempotency-Key must be 1 to 255 characters' });
    }
    const { workspaceId, id: principalId } = request.principal;
    const requestHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const claimed = await conn.db
      .insertInto('idempotency_key')
      .values({ workspace_id: workspaceId, principal_id: principalId, key, request_hash: requestHash })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed) {
      request.idempotencyKey = key;
      return;
    }
    const existing = await conn.db
      .selectFrom('idempotency_key').selectAll()
      .where('workspace_id', '=', workspaceId).where('principal_id', '=', principalId).where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash) throw PlatformErrors.IDEMPOTENCY_KEY_REUSED({ field: 'Idempotency-Key' });
    if (existing.status_code === null) {
      // The first attempt died without answering; after a grace period a retry may take over.
      const isAbandoned = Date.now() - new Date(existing.created_at).getTime() > PENDING_TAKEOVER_MS;
      if (!isAbandoned) throw PlatformErrors.IDEMPOTENCY_IN_PROGRESS({ field: 'Idempotency-Key' });
      await conn.db.updateTable('idempotency_key').set({ created_at: new Date() })
        .where('workspace_id', '=', workspaceId).where('principal_id', '=', principalId).where('key', '=', key).execute();
      request.idempotencyKey = key;
      return;
    }
    reply.header('idempotent-replayed', 'true').code(existing.status_code);
    if (existing.response_body === null) return reply.send();
    return reply.type(existing.status_code >= 400 ? 'application/problem+json' : 'application/json').serializer(JSON.stringify).send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.principal) return payload;
    const { workspaceId, id: principalId } = request.principal;
    if (reply.statusCode >= 500) {
      // A failed attempt changed nothing (its transaction rolled back): let the retry run.
      await conn.db.deleteFrom('idempotency_key')
        .where('workspace_id', '=', workspaceId).where('principal_id', '=', principalId).where('key', '=', key).execute();
    } else {
      const body = typeof payload === 'string' && payload.length > 0 ? payload : null;
      await conn.db
        .updateTable('idempotency_key')
        .set({ status_code: reply.statusCode, response_body: body })
        .where('workspace_id', '=', workspaceId).where('principal_id', '=', principalId).where('key', '=', key)
        .execute();
    }
    return payload;
  });
}

function registerWebApp(app: ApiApp, config: Config) {
  const indexPath = path.join(config.webDistDir, 'index.html');
  const hasWeb = fs.existsSync(indexPath);
  if (hasWeb) app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: false });
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return sendProblem(request, reply, PlatformErrors.ROUTE_NOT_FOUND({ detail: `${request.method} ${request.url.split('?')[0]}` }));
    }
    if (!hasWeb) {
      return reply.type('text/html').send('<!doctype html><p>The web app is not built. Run <code>npm run build:web</code>.</p>');
    }
    // Client-side routes: every other GET gets the single-page app.
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });
}

export interface HttpDeps {
  config: Config;
  conn: DbConnection;
  logger: FastifyBaseLogger;
  isReady: () => boolean;
}

/** The Fastify instance with the platform's cross-cutting behaviour; routes are added by the caller. */
export async function createHttpServer({ config, conn, logger, isReady }: HttpDeps): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });
  // Responses finished during shutdown end their keep-alive connection, so close() need
  // not wait out the keep-alive timeout of a client that just got its answer.
  let isClosing = false;
  app.addHook('preClose', async () => {
    isClosing = true;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', String(request.id));
    if (isClosing) reply.header('connection', 'close');
    return payload;
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rapport API', version: '1', description: 'The HTTP API of Rapport, an open-source CRM. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer rk_…' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session; unsafe methods also need X-CSRF-Token' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Puts schemas registered with an id (recursive ones, such as a segment's rule tree) under components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request: FastifyRequest, reply: FastifyReply) => {
    try {
      await sql`select 1`.execute(conn.db);
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
    if (!isReady()) return reply.code(503).send({ status: 'starting or stopping' });
    return { status: 'ready' };
  });

  registerAuthHooks(app, conn);
  registerIdempotency(app, conn);
  registerWebApp(app, config);
  return app;
}
