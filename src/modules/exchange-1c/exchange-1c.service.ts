import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { authorize, systemPrincipal, type Principal } from '../../platform/auth/permissions.ts';
import { findWorkspaceBySlug } from '../../platform/auth/workspace.service.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors } from '../../platform/errors.ts';
import { newId, randomToken, sha256 } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { getRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { applyOrderStatusUpdate, listOrdersChangedAfter, type ExchangeOrder } from '../commerce/index.ts';
import { companyRecordType } from '../companies/index.ts';
import { personRecordType } from '../people/index.ts';
import { findProductExternalIds, syncCatalogue, syncPrices } from '../products/index.ts';
import {
  buildCommerceMl, CommerceMlError, decodeXml, documentKind, parseCommerceMl, readCatalogue, readOffers, readOrderStatuses,
} from './commerceml.ts';
import './exchange-1c.tables.ts';

export const Exchange1cErrors = defineErrors({
  EXCHANGE_1C_NOT_CONFIGURED: { status: 404, title: 'The 1C exchange has no credentials yet' },
});

/** The cookie 1C is told to send back after checkauth. */
export const SESSION_COOKIE_NAME = 'rapport_1c';
/** The largest part 1C may send in one mode=file request (it splits bigger files). */
export const FILE_LIMIT_BYTES = 8 * 1024 * 1024;
/** The largest file assembled from parts: the whole file is parsed in memory before it is applied. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const SESSION_TTL_HOURS = 12;
const LOG_KEEP_DAYS = 90;
/** Orders per sale query: 1C asks again after success until none are left. */
const ORDERS_PER_QUERY = 500;

/** The URL to give 1C for a workspace. */
export const exchangeUrl = (publicUrl: string, slug: string) => `${publicUrl.replace(/\/$/, '')}/exchange/1c/${slug}`;

/** Whom the exchange acts as: the workspace itself, named so audit entries say where a change came from. */
function exchangePrincipal(workspaceId: string): Principal {
  return { ...systemPrincipal(workspaceId), name: '1C exchange' };
}

// ---------- settings (admins) ----------

const configure = (ctx: ServiceContext) => authorize(ctx.principal, 'workspace', 'update');

async function workspaceSlug(ctx: ServiceContext): Promise<string> {
  const row = await ctx.db.selectFrom('workspace').select('slug').where('id', '=', ctx.principal.workspaceId).executeTakeFirstOrThrow();
  return row.slug;
}

export async function getExchangeSettings(ctx: ServiceContext, publicUrl: string) {
  configure(ctx);
  const credential = await ctx.db.selectFrom('exchange_1c_credential').select(['login', 'created_at'])
    .where('workspace_id', '=', ctx.principal.workspaceId).executeTakeFirst();
  return {
    url: exchangeUrl(publicUrl, await workspaceSlug(ctx)),
    login: credential?.login ?? null,
    created_at: credential ? new Date(credential.created_at).toISOString() : null,
  };
}

/**
 * Issues a new login and password for the exchange, replacing any earlier ones (and closing
 * their sessions). The password is shown once; only its hash is kept.
 */
export async function rotateExchangeCredentials(ctx: ServiceContext, publicUrl: string) {
  configure(ctx);
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const login = `1c-${randomToken(4)}`.toLowerCase();
    const password = randomToken(32);
    const before = await tx.selectFrom('exchange_1c_credential').select('login').where('workspace_id', '=', workspaceId).executeTakeFirst();
    const createdAt = new Date();
    await tx.insertInto('exchange_1c_credential')
      .values({ workspace_id: workspaceId, login, password_hash: sha256(password), created_by: ctx.principal.userId, created_at: createdAt })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ login, password_hash: sha256(password), created_by: ctx.principal.userId, created_at: createdAt }))
      .execute();
    await tx.deleteFrom('exchange_1c_session').where('workspace_id', '=', workspaceId).execute();
    await recordChange(tx, ctx, {
      entityType: 'exchange_1c', entityId: null, action: before ? 'rotate' : 'create',
      changes: { login: { before: before?.login ?? null, after: login } }, event: 'exchange_1c.credentials_changed',
    });
    return { url: exchangeUrl(publicUrl, await workspaceSlug(ctx)), login, password, created_at: createdAt.toISOString() };
  });
}

export async function listExchangeLog(ctx: ServiceContext, options: { limit: number; cursor?: string }) {
  configure(ctx);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  let query = ctx.db.selectFrom('exchange_1c_log').selectAll().where('workspace_id', '=', ctx.principal.workspaceId);
  // Ids are UUIDv7, so id order is time order.
  if (after) query = query.where('id', '<', after);
  const rows = await query.orderBy('id', 'desc').limit(options.limit + 1).execute();
  const page = rows.slice(0, options.limit).map((r) => ({
    id: r.id, occurred_at: new Date(r.occurred_at).toISOString(), type: r.type, mode: r.mode, filename: r.filename,
    result: r.result, message: r.message, counts: r.counts,
  }));
  return { data: page, next_cursor: rows.length > options.limit ? encodeCursor(page.at(-1)!.id) : null };
}

// ---------- the protocol ----------

export interface ProtocolRequest {
  slug: string;
  type?: string;
  mode?: string;
  filename?: string;
  authorization?: string;
  sessionToken?: string;
  body?: Buffer;
}

export interface ProtocolAnswer {
  status: number;
  body: string;
  contentType: string;
}

export interface ProtocolDeps {
  db: Db;
  resolverFor(workspaceId: string): ResolveRecordType;
}

const PLAIN = 'text/plain; charset=utf-8';
const answer = (body: string, status = 200): ProtocolAnswer => ({ status, body, contentType: PLAIN });
const failure = (reason: string, status = 200) => answer(`failure\n${reason}`, status);

interface Counts { [key: string]: number }

async function writeLog(db: Db, workspaceId: string, entry: { type: string; mode: string; filename?: string; result: 'success' | 'failure' | 'progress'; message?: string; counts?: Counts }) {
  await db.insertInto('exchange_1c_log').values({
    workspace_id: workspaceId, id: newId(), type: entry.type, mode: entry.mode, filename: entry.filename ?? null,
    result: entry.result, message: entry.message ?? null, counts: JSON.stringify(entry.counts ?? {}),
  }).execute();
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function basicCredentials(header: string | undefined): { login: string; password: string } | null {
  if (!header?.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The workspace behind a slug and Basic credentials, or null: unknown workspaces look like wrong passwords. */
async function checkCredentials(db: Db, slug: string, authorization: string | undefined) {
  const workspace = await findWorkspaceBySlug(db, slug);
  const given = basicCredentials(authorization);
  if (!workspace || !given) return { workspace, isValid: false };
  const credential = await db.selectFrom('exchange_1c_credential').select(['login', 'password_hash'])
    .where('workspace_id', '=', workspace.id).executeTakeFirst();
  const isValid = !!credential && credential.login === given.login && sameSecret(credential.password_hash, sha256(given.password));
  return { workspace, isValid };
}

async function findSession(db: Db, workspaceId: string, token: string | undefined) {
  if (!token) return null;
  return (await db.selectFrom('exchange_1c_session').select(['id']).where('token_hash', '=', sha256(token))
    .where('workspace_id', '=', workspaceId).where('expires_at', '>', new Date()).executeTakeFirst()) ?? null;
}

/**
 * One request of 1C's site exchange (`type` catalog or sale, `mode` checkauth, init, file,
 * import, query, success). Answers are plain text in the protocol's own words: `success`,
 * `failure\n<reason>`, or for init the limits. Every request that does something is logged.
 */
export async function handleExchangeRequest(deps: ProtocolDeps, request: ProtocolRequest): Promise<ProtocolAnswer> {
  const { db } = deps;
  const type = request.type ?? '';
  const mode = request.mode ?? '';
  if (!['catalog', 'sale'].includes(type)) return failure('Unknown type: use type=catalog or type=sale', 400);

  if (mode === 'checkauth') {
    const { workspace, isValid } = await checkCredentials(db, request.slug, request.authorization);
    if (!workspace || !isValid) {
      if (workspace) await writeLog(db, workspace.id, { type, mode, result: 'failure', message: 'Wrong exchange login or password' });
      return failure('Wrong exchange login or password', 401);
    }
    const token = randomToken(32);
    await db.transaction().execute(async (tx) => {
      // Expired sessions (and their uploaded files) and old log lines go as new sessions open.
      await tx.deleteFrom('exchange_1c_session').where('workspace_id', '=', workspace.id).where('expires_at', '<=', new Date()).execute();
      await tx.deleteFrom('exchange_1c_log').where('workspace_id', '=', workspace.id).where('occurred_at', '<', new Date(Date.now() - LOG_KEEP_DAYS * 86_400_000)).execute();
      await tx.insertInto('exchange_1c_session').values({
        workspace_id: workspace.id, id: newId(), token_hash: sha256(token), expires_at: new Date(Date.now() + SESSION_TTL_HOURS * 3_600_000),
      }).execute();
    });
    await writeLog(db, workspace.id, { type, mode, result: 'success' });
    return answer(`success\n${SESSION_COOKIE_NAME}\n${token}`);
  }

  const workspace = await findWorkspaceBySlug(db, request.slug);
  const session = workspace ? await findSession(db, workspace.id, request.sessionToken) : null;
  if (!workspace || !session) return failure('No exchange session: call mode=checkauth first and send its cookie', 401);
  const session1c = { workspaceId: workspace.id, sessionId: session.id, timeZone: workspace.time_zone as string | undefined };

  switch (mode) {
    case 'init':
      if (type === 'catalog') {
        await db.deleteFrom('exchange_1c_file').where('workspace_id', '=', workspace.id).where('session_id', '=', session.id).execute();
      }
      return answer(`zip=no\nfile_limit=${FILE_LIMIT_BYTES}`);
    case 'file':
      return type === 'catalog' ? receiveFile(db, session1c, request) : receiveOrderStatuses(deps, session1c, request);
    case 'import':
      if (type !== 'catalog') break;
      return importFile(deps, session1c, request.filename);
    case 'query':
      if (type !== 'sale') break;
      return exportOrders(db, session1c);
    case 'success':
      if (type !== 'sale') break;
      return confirmOrders(db, session1c);
    default:
      break;
  }
  return failure(`Unknown mode ${mode || '(none)'} for type=${type}`, 400);
}

interface ExchangeSession {
  workspaceId: string;
  sessionId: string;
  timeZone?: string;
}

const isXmlName = (filename: string) => /\.xml$/i.test(filename);

function checkFilename(filename: string | undefined): string | null {
  if (!filename) return 'Name the file: filename=…';
  if (filename.length > 500 || filename.includes('..')) return `The file name ${filename.slice(0, 100)} is not allowed`;
  return null;
}

/** mode=file: appends a part to the named file of this session. Only XML is kept: pictures are not stored. */
async function receiveFile(db: Db, session: ExchangeSession, request: ProtocolRequest): Promise<ProtocolAnswer> {
  const problem = checkFilename(request.filename);
  if (problem) return failure(problem, 400);
  const filename = request.filename!;
  const part = request.body ?? Buffer.alloc(0);
  if (!isXmlName(filename)) return answer('success');
  const stored = await db.insertInto('exchange_1c_file')
    .values({ workspace_id: session.workspaceId, session_id: session.sessionId, filename, content: part })
    .onConflict((oc) => oc.columns(['workspace_id', 'session_id', 'filename']).doUpdateSet({
      content: sql`exchange_1c_file.content || excluded.content`, parts: sql`exchange_1c_file.parts + 1`, updated_at: new Date(),
    }))
    .returning([sql<number>`length(content)`.as('bytes'), 'parts'])
    .executeTakeFirstOrThrow();
  if (Number(stored.bytes) > MAX_FILE_BYTES) {
    await db.deleteFrom('exchange_1c_file').where('workspace_id', '=', session.workspaceId).where('session_id', '=', session.sessionId).where('filename', '=', filename).execute();
    const message = `${filename} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; unload the catalogue in smaller files`;
    await writeLog(db, session.workspaceId, { type: 'catalog', mode: 'file', filename, result: 'failure', message });
    return failure(message);
  }
  await writeLog(db, session.workspaceId, { type: 'catalog', mode: 'file', filename, result: 'success', counts: { bytes: part.length, parts: stored.parts, file_bytes: Number(stored.bytes) } });
  return answer('success');
}

/**
 * mode=import: parses the whole file, then applies it in one transaction (catalogue or offers),
 * so a broken file is refused with its fault named and nothing of it is written.
 */
async function importFile(deps: ProtocolDeps, session: ExchangeSession, filename: string | undefined): Promise<ProtocolAnswer> {
  const { db } = deps;
  const problem = checkFilename(filename);
  if (problem) return failure(problem, 400);
  const log = (result: 'success' | 'failure', message?: string, counts?: Counts) =>
    writeLog(db, session.workspaceId, { type: 'catalog', mode: 'import', filename, result, message, counts });
  if (!isXmlName(filename!)) return answer('success');
  const file = await db.selectFrom('exchange_1c_file').select('content')
    .where('workspace_id', '=', session.workspaceId).where('session_id', '=', session.sessionId).where('filename', '=', filename!).executeTakeFirst();
  if (!file) {
    await log('failure', `${filename} was not uploaded in this session`);
    return failure(`${filename} was not uploaded in this session (mode=file first)`);
  }
  let counts: Counts;
  try {
    const root = parseCommerceMl(decodeXml(file.content));
    const kind = documentKind(root);
    const ctx: ServiceContext = { db, principal: exchangePrincipal(session.workspaceId) };
    const resolve = deps.resolverFor(session.workspaceId);
    counts = await inTransaction(ctx, async (tx, ctx) => {
      // One import at a time per workspace: two 1C processes must not interleave their writes.
      await sql`select pg_advisory_xact_lock(hashtext(${session.workspaceId}::text || ':exchange-1c'))`.execute(tx);
      if (kind === 'catalogue') {
        const catalogue = readCatalogue(root);
        const outcome = await syncCatalogue(ctx, resolve, catalogue.products);
        const result = { groups: catalogue.groups.size, products: catalogue.products.length, created: outcome.created.length, updated: outcome.updated.length, unchanged: outcome.unchanged };
        if (outcome.created.length + outcome.updated.length > 0) {
          await recordChange(tx, ctx, {
            entityType: 'exchange_1c', entityId: null, action: 'import', changes: { [filename!]: { after: result } }, event: 'exchange_1c.catalogue_imported',
            payload: { filename, ...result, created_ids: outcome.created, updated_ids: outcome.updated },
          });
        }
        return result;
      }
      if (kind === 'offers') {
        const offers = readOffers(root);
        const outcome = await syncPrices(ctx, { priceLists: offers.priceTypes, prices: offers.prices });
        const result = {
          price_lists: offers.priceTypes.length, price_lists_created: outcome.price_lists_created.length, price_lists_updated: outcome.price_lists_updated.length,
          prices: offers.prices.length, prices_set: outcome.prices_set, unchanged: outcome.unchanged, unknown_products: outcome.unknown_products.length,
        };
        if (outcome.prices_set + outcome.price_lists_created.length + outcome.price_lists_updated.length > 0) {
          await recordChange(tx, ctx, {
            entityType: 'exchange_1c', entityId: null, action: 'import', changes: { [filename!]: { after: result } }, event: 'exchange_1c.offers_imported',
            payload: { filename, ...result, price_list_ids: [...outcome.price_lists_created, ...outcome.price_lists_updated], unknown_products: outcome.unknown_products.slice(0, 100) },
          });
        }
        return result;
      }
      throw new CommerceMlError('The file holds neither a catalogue (Классификатор, Каталог) nor offers (ПакетПредложений)');
    });
  } catch (error) {
    const reason = describeFailure(error);
    await log('failure', reason);
    return failure(reason);
  }
  await log('success', undefined, counts);
  return answer('success');
}

/** A reason 1C can show its user: the file's fault, or the record a value was refused for. */
function describeFailure(error: unknown): string {
  if (error instanceof CommerceMlError) return error.message;
  const appError = error as { code?: string; field?: string; message?: string; status?: number };
  if (appError.code && appError.status && appError.status < 500) {
    return `${appError.code}${appError.field ? ` (${appError.field})` : ''}: ${appError.message}; nothing was imported`;
  }
  throw error;
}

// ---------- orders (type=sale) ----------

const formatLocal = (at: Date, timeZone = 'UTC') => {
  // sv-SE formats as "YYYY-MM-DD HH:MM:SS": CommerceML wants the date and the time apart.
  const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
    .format(at).split(' ');
  return { date: date!, time: time! };
};
const currencyFor1c = (currency: string) => (currency === 'RUB' ? 'руб' : currency);
const requisite = (name: string, value: string) => ({ 'Наименование': name, 'Значение': value });

async function counterpartyOf(ctx: ServiceContext, order: ExchangeOrder, cache: Map<string, object>) {
  const key = order.person_id ?? order.company_id;
  if (!key) return { 'Ид': 'guest', 'Наименование': 'Покупатель без имени', 'Роль': 'Покупатель' };
  const cached = cache.get(key);
  if (cached) return cached;
  let party: object;
  if (order.person_id) {
    const person = await getRecord(ctx, personRecordType, order.person_id) as Record<string, string | null>;
    const name = [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(' ');
    const contacts = [
      ...(person.email ? [{ 'Тип': 'Электронная почта', 'Значение': person.email }] : []),
      ...(person.phone ? [{ 'Тип': 'Телефон рабочий', 'Значение': person.phone }] : []),
    ];
    party = {
      'Ид': person.id, 'Наименование': name, 'ПолноеНаименование': name, 'Роль': 'Покупатель',
      ...(person.last_name ? { 'Фамилия': person.last_name } : {}), ...(person.first_name ? { 'Имя': person.first_name } : {}),
      ...(contacts.length > 0 ? { 'Контакты': { 'Контакт': contacts } } : {}),
    };
  } else {
    const company = await getRecord(ctx, companyRecordType, order.company_id!) as Record<string, string | null>;
    party = { 'Ид': company.id, 'Наименование': company.name, 'ОфициальноеНаименование': company.name, 'Роль': 'Покупатель' };
  }
  cache.set(key, party);
  return party;
}

async function orderDocument(ctx: ServiceContext, order: ExchangeOrder, externalIds: Map<string, string>, parties: Map<string, object>, timeZone?: string) {
  const placed = formatLocal(new Date(order.placed_at), timeZone);
  return {
    'Ид': order.id,
    'Номер': order.number,
    'Дата': placed.date,
    'Время': placed.time,
    'ХозОперация': 'Заказ товара',
    'Роль': 'Продавец',
    'Валюта': currencyFor1c(order.currency),
    'Курс': '1',
    'Сумма': order.total,
    'Контрагенты': { 'Контрагент': [await counterpartyOf(ctx, order, parties)] },
    'Товары': {
      'Товар': order.lines.map((line) => ({
        'Ид': (line.product_id && externalIds.get(line.product_id)) ?? line.product_id ?? line.sku ?? line.name,
        ...(line.sku ? { 'Артикул': line.sku } : {}),
        'Наименование': line.name,
        'БазоваяЕдиница': { '@Код': '796', '@НаименованиеПолное': 'Штука', '@МеждународноеСокращение': 'PCE', '#text': 'шт' },
        'ЦенаЗаЕдиницу': line.unit_price,
        'Количество': line.quantity,
        'Сумма': line.amount,
        ...(Number(line.discount) > 0 ? { 'Скидки': { 'Скидка': [{ 'Наименование': 'Скидка', 'Сумма': line.discount, 'УчтеноВСумме': 'true' }] } } : {}),
        'ЗначенияРеквизитов': { 'ЗначениеРеквизита': [requisite('ВидНоменклатуры', 'Товар'), requisite('ТипНоменклатуры', 'Товар')] },
      })),
    },
    'ЗначенияРеквизитов': {
      'ЗначениеРеквизита': [
        requisite('Статус заказа', order.status),
        requisite('Заказ оплачен', String(['paid', 'fulfilled', 'returned'].includes(order.status) && Number(order.paid_amount) >= Number(order.total))),
        requisite('Отменен', String(order.status === 'cancelled')),
        ...(order.payment_method ? [requisite('Метод оплаты', order.payment_method)] : []),
        ...(order.channel ? [requisite('Канал продаж', order.channel)] : []),
      ],
    },
  };
}

/**
 * mode=query: the orders changed since 1C last confirmed, oldest first, as CommerceML documents.
 * The last one sent is remembered; mode=success makes it the new starting point, so orders sent
 * but never confirmed are sent again.
 */
async function exportOrders(db: Db, session: ExchangeSession): Promise<ProtocolAnswer> {
  const ctx: ServiceContext = { db, principal: exchangePrincipal(session.workspaceId) };
  const state = await db.selectFrom('exchange_1c_state').select([sql<string | null>`delivered_at::text`.as('delivered_at'), 'delivered_id'])
    .where('workspace_id', '=', session.workspaceId).executeTakeFirst();
  const after = state?.delivered_at && state.delivered_id ? { at: state.delivered_at, id: state.delivered_id } : null;
  const orders = await listOrdersChangedAfter(ctx, { after, limit: ORDERS_PER_QUERY });
  const productIds = [...new Set(orders.flatMap((o) => o.lines.flatMap((l) => (l.product_id ? [l.product_id] : []))))];
  const externalIds = await findProductExternalIds(db, session.workspaceId, productIds);
  const parties = new Map<string, object>();
  const documents = [];
  for (const order of orders) documents.push(await orderDocument(ctx, order, externalIds, parties, session.timeZone));
  const last = orders.at(-1);
  const pending = { pending_at: last?.change_key ?? null, pending_id: last?.id ?? null, pending_count: orders.length };
  await db.insertInto('exchange_1c_state').values({ workspace_id: session.workspaceId, ...pending })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(pending)).execute();
  await writeLog(db, session.workspaceId, { type: 'sale', mode: 'query', result: 'success', counts: { orders: orders.length } });
  return { status: 200, body: buildCommerceMl(documents.length > 0 ? { 'Документ': documents } : {}, new Date()), contentType: 'application/xml; charset=utf-8' };
}

/** mode=success: 1C has taken the orders of the last query. */
async function confirmOrders(db: Db, session: ExchangeSession): Promise<ProtocolAnswer> {
  const state = await db.updateTable('exchange_1c_state')
    .set({ delivered_at: sql`coalesce(pending_at, delivered_at)`, delivered_id: sql`coalesce(pending_id, delivered_id)`, pending_at: null, pending_id: null, pending_count: 0 })
    .where('workspace_id', '=', session.workspaceId)
    .returning('delivered_id')
    .executeTakeFirst();
  await writeLog(db, session.workspaceId, { type: 'sale', mode: 'success', result: 'success', message: state?.delivered_id ? `Orders up to ${state.delivered_id} delivered to 1C` : undefined });
  return answer('success');
}

/**
 * type=sale&mode=file: order documents from 1C carrying their state (paid, shipped, cancelled).
 * The whole file is read first, then every status applied in one transaction; orders we don't
 * know (made in 1C itself) are skipped, and a move the lifecycle forbids is named in the log.
 */
async function receiveOrderStatuses(deps: ProtocolDeps, session: ExchangeSession, request: ProtocolRequest): Promise<ProtocolAnswer> {
  const { db } = deps;
  const filename = request.filename;
  let counts: Counts;
  const refusals: string[] = [];
  try {
    const root = parseCommerceMl(decodeXml(request.body ?? Buffer.alloc(0)));
    if (documentKind(root) !== 'orders') throw new CommerceMlError('The file holds no order documents (Документ)');
    const reports = readOrderStatuses(root);
    const ctx: ServiceContext = { db, principal: exchangePrincipal(session.workspaceId) };
    const resolve = deps.resolverFor(session.workspaceId);
    counts = await inTransaction(ctx, async (_tx, ctx) => {
      const tally = { documents: reports.length, changed: 0, unchanged: 0, not_found: 0, refused: 0 };
      for (const report of reports) {
        const outcome = await applyOrderStatusUpdate(ctx, resolve, { id: report.id, number: report.number, statuses: report.statuses });
        tally[outcome.outcome] += 1;
        if (outcome.outcome === 'refused') refusals.push(`${report.number ?? report.id}: ${outcome.detail}`);
      }
      return tally;
    });
  } catch (error) {
    const reason = describeFailure(error);
    await writeLog(db, session.workspaceId, { type: 'sale', mode: 'file', filename, result: 'failure', message: reason });
    return failure(reason);
  }
  await writeLog(db, session.workspaceId, { type: 'sale', mode: 'file', filename, result: 'success', counts, message: refusals.length > 0 ? refusals.slice(0, 20).join('; ') : undefined });
  return answer('success');
}
