import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * Reading and writing CommerceML 2 (the XML 1C:Enterprise exchanges with sites): catalogue
 * (`Классификатор`, `Каталог`), offers (`ПакетПредложений`) and order documents (`Документ`).
 * A file is checked whole (well-formed, then each element against its schema) before anything
 * is applied, so a broken file is named and changes nothing.
 */

export class CommerceMlError extends Error {}

// Elements that may repeat; the parser makes them arrays even when one is present.
const REPEATED = new Set(['Группа', 'Товар', 'ТипЦены', 'Предложение', 'Цена', 'Документ', 'ЗначениеРеквизита', 'Контрагент', 'Контакт', 'Скидка']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName) => REPEATED.has(tagName),
});

/** The text of a file 1C sent: UTF-8 by default, windows-1251 when its declaration says so. */
export function decodeXml(content: Buffer): string {
  const head = content.subarray(0, 200).toString('latin1');
  const encoding = /encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const label = ['windows-1251', 'cp1251', 'win-1251'].includes(encoding) ? 'windows-1251' : 'utf-8';
  return new TextDecoder(label).decode(content).replace(/^\uFEFF/, '');
}

type Node = Record<string, unknown>;

/** Parses a whole CommerceML document, refusing anything that is not well-formed XML or not CommerceML 2. */
export function parseCommerceMl(text: string): Node {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    throw new CommerceMlError(`The file is not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line}, column ${verdict.err.col})`);
  }
  const doc = parser.parse(text) as Node;
  const root = doc['КоммерческаяИнформация'];
  if (!root || typeof root !== 'object') throw new CommerceMlError('The file is not CommerceML: its root element must be КоммерческаяИнформация');
  const version = (root as Node)['@ВерсияСхемы'];
  if (typeof version === 'string' && !version.startsWith('2.')) {
    throw new CommerceMlError(`CommerceML ${version} is not supported; use schema version 2.x (2.05 to 2.10)`);
  }
  return root as Node;
}

/** What a parsed document holds, so one import endpoint can take any file 1C names. */
export function documentKind(root: Node): 'catalogue' | 'offers' | 'orders' | 'unknown' {
  if (root['ПакетПредложений']) return 'offers';
  if (root['Каталог'] || root['Классификатор']) return 'catalogue';
  if (root['Документ']) return 'orders';
  return 'unknown';
}

const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string') return (value as Node)['#text'] as string;
  return undefined;
};
/** Element text (an element with attributes keeps it in `#text`); absent or empty is undefined unless required. */
const readText = (isRequired: boolean) => z.unknown().transform((v, ctx): string | undefined => {
  const t = textOf(v) ?? (v && typeof v === 'object' && Object.keys(v).every((k) => k.startsWith('@')) ? '' : v === undefined ? undefined : null);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: 'must be text, not nested elements' });
    return z.NEVER;
  }
  if (isRequired && !t) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  return t || undefined;
});
const requiredText = readText(true).transform((v) => v!);
const optionalText = readText(false).optional();
const text = requiredText;
/** An element holding others; `<Товары/>` (read as empty text) holds none. */
const container = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const decimal = text.transform((v) => v.replace(/[\s\u00A0]/g, '').replace(',', '.'))
  .pipe(z.string().regex(/^\d{1,15}(\.\d+)?$/, 'must be a non-negative decimal number such as 1500.00'));

interface GroupNode { 'Ид': string; 'Наименование': string; 'Группы'?: { 'Группа'?: GroupNode[] } }
const groupSchema: z.ZodType<GroupNode> = z.lazy(() => z.object({
  'Ид': requiredText,
  'Наименование': requiredText,
  'Группы': container(z.object({ 'Группа': z.array(groupSchema).optional() })),
}));

const DELETED = 'удален';
const productSchema = z.object({
  'Ид': requiredText,
  'Наименование': requiredText,
  'Артикул': optionalText,
  'БазоваяЕдиница': optionalText,
  'Описание': optionalText,
  'Группы': container(z.object({ 'Ид': z.union([requiredText, z.array(requiredText)]).optional() })),
  'Статус': optionalText,
  'ПометкаУдаления': optionalText,
  '@Статус': optionalText,
});

const catalogueSchema = z.object({
  'Классификатор': container(z.object({ 'Группы': container(z.object({ 'Группа': z.array(groupSchema).optional() })) })),
  'Каталог': z.object({ 'Товары': container(z.object({ 'Товар': z.array(productSchema).optional() })) }).optional(),
});

const CURRENCIES: Record<string, string> = { 'руб': 'RUB', 'руб.': 'RUB', '643': 'RUB', 'rur': 'RUB', 'usd': 'USD', '840': 'USD', '$': 'USD', 'eur': 'EUR', '978': 'EUR', '€': 'EUR', 'kzt': 'KZT', '398': 'KZT', 'тенге': 'KZT', 'byn': 'BYN', '933': 'BYN', 'cny': 'CNY', '156': 'CNY' };
const currency = text.transform((v, ctx) => {
  const code = CURRENCIES[v.trim().toLowerCase()] ?? (/^[A-Z]{3}$/.test(v.trim().toUpperCase()) ? v.trim().toUpperCase() : undefined);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a currency we know; use an ISO 4217 code (RUB) or руб` });
    return z.NEVER;
  }
  return code;
});

const offersSchema = z.object({
  'ПакетПредложений': z.object({
    'ТипыЦен': container(z.object({ 'ТипЦены': z.array(z.object({ 'Ид': requiredText, 'Наименование': requiredText, 'Валюта': currency.optional().default('RUB') })).optional() })),
    'Предложения': container(z.object({
      'Предложение': z.array(z.object({
        'Ид': requiredText,
        'Цены': container(z.object({ 'Цена': z.array(z.object({ 'ИдТипаЦены': requiredText, 'ЦенаЗаЕдиницу': decimal })).optional() })),
      })).optional(),
    })),
  }),
});

const requisiteSchema = z.object({ 'Наименование': requiredText, 'Значение': optionalText });
const orderDocumentSchema = z.object({
  'Ид': optionalText,
  'Номер': optionalText,
  'ХозОперация': optionalText,
  'ЗначенияРеквизитов': container(z.object({ 'ЗначениеРеквизита': z.array(requisiteSchema).optional() })),
});
const ordersSchema = z.object({ 'Документ': z.array(orderDocumentSchema) });

/** Reads an element with its schema, or names where the file is wrong (e.g. `Каталог/Товары/Товар[3]/Наименование`). */
function read<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part + 1}]` : path ? `${path}/${String(part)}` : String(part)), '');
  throw new CommerceMlError(`${where || 'КоммерческаяИнформация'}: ${issue.message}`);
}

export interface CatalogueProduct {
  external_id: string;
  name: string;
  sku?: string;
  unit?: string;
  description?: string;
  category?: string;
  is_active: boolean;
}

export interface Catalogue {
  groups: Map<string, string>;
  products: CatalogueProduct[];
}

/** `Классификатор` groups (by id, at any depth) and `Каталог/Товары`, each product with its group's name as category. */
export function readCatalogue(root: Node): Catalogue {
  const data = read(catalogueSchema, root);
  const groups = new Map<string, string>();
  const walk = (list: GroupNode[] | undefined) => {
    for (const g of list ?? []) {
      groups.set(g['Ид'], g['Наименование']);
      walk(g['Группы']?.['Группа']);
    }
  };
  walk(data['Классификатор']?.['Группы']?.['Группа']);
  const products = (data['Каталог']?.['Товары']?.['Товар'] ?? []).map((p): CatalogueProduct => {
    const groupId = asList(p['Группы']?.['Ид'])[0];
    const status = (p['@Статус'] ?? p['Статус'] ?? '').toLowerCase();
    return {
      external_id: p['Ид'],
      name: p['Наименование'],
      sku: p['Артикул'],
      unit: p['БазоваяЕдиница'],
      description: p['Описание'],
      category: groupId ? groups.get(groupId) : undefined,
      is_active: !(status.startsWith(DELETED) || ['true', 'истина'].includes((p['ПометкаУдаления'] ?? '').toLowerCase())),
    };
  });
  return { groups, products };
}

export interface Offers {
  priceTypes: { external_id: string; name: string; currency: string }[];
  prices: { price_list_external_id: string; product_external_id: string; price: string }[];
}

/**
 * `ТипыЦен` become price lists; each `Предложение`'s `Цены` become prices. An offer of a product
 * variant (`товар#характеристика`) prices the product itself.
 */
export function readOffers(root: Node): Offers {
  const data = read(offersSchema, root)['ПакетПредложений'];
  const priceTypes = (data['ТипыЦен']?.['ТипЦены'] ?? []).map((t) => ({ external_id: t['Ид'], name: t['Наименование'], currency: t['Валюта'] }));
  const prices = (data['Предложения']?.['Предложение'] ?? []).flatMap((offer) => (offer['Цены']?.['Цена'] ?? []).map((p) => ({
    price_list_external_id: p['ИдТипаЦены'], product_external_id: offer['Ид'].split('#')[0]!, price: p['ЦенаЗаЕдиницу'],
  })));
  return { priceTypes, prices };
}

export type ReportedStatus = 'paid' | 'fulfilled' | 'cancelled';

export interface OrderStatusReport {
  id?: string;
  number?: string;
  statuses: ReportedStatus[];
}

const isTrue = (v: string | undefined) => ['true', 'истина', 'да', '1'].includes((v ?? '').trim().toLowerCase());
const STATUS_NAMES: Record<string, ReportedStatus> = {
  'оплачен': 'paid', 'paid': 'paid',
  'отгружен': 'fulfilled', 'выполнен': 'fulfilled', 'доставлен': 'fulfilled', 'закрыт': 'fulfilled', 'fulfilled': 'fulfilled',
  'отменен': 'cancelled', 'отменён': 'cancelled', 'cancelled': 'cancelled',
};

/**
 * Order documents 1C sends back with their state in `ЗначенияРеквизитов`, as named by the common
 * site-exchange settings: `Отменен`, `Дата оплаты по 1С` / `Оплачен`, `Дата отгрузки по 1С` /
 * `Отгружен`, or a `Статус заказа` named Оплачен, Отгружен, Выполнен, Отменен. Documents that are
 * not orders (`ХозОперация` other than «Заказ товара») are left out.
 */
export function readOrderStatuses(root: Node): OrderStatusReport[] {
  const docs = read(ordersSchema, root)['Документ'];
  return docs.filter((d) => !d['ХозОперация'] || d['ХозОперация'] === 'Заказ товара').map((d) => {
    const values = new Map((d['ЗначенияРеквизитов']?.['ЗначениеРеквизита'] ?? []).map((r) => [r['Наименование'].toLowerCase(), r['Значение']]));
    const named = STATUS_NAMES[(values.get('статус заказа') ?? '').trim().toLowerCase()];
    const isCancelled = isTrue(values.get('отменен')) || isTrue(values.get('пометкаудаления')) || named === 'cancelled';
    const isPaid = !!values.get('дата оплаты по 1с') || isTrue(values.get('оплачен')) || isTrue(values.get('заказ оплачен')) || named === 'paid';
    const isShipped = !!values.get('дата отгрузки по 1с') || isTrue(values.get('отгружен')) || named === 'fulfilled';
    const statuses: ReportedStatus[] = isCancelled ? ['cancelled'] : [...(isPaid ? ['paid' as const] : []), ...(isShipped ? ['fulfilled' as const] : [])];
    return { id: d['Ид'], number: d['Номер'], statuses };
  });
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true, processEntities: true });

/** Serialises a CommerceML document (element names as keys, attributes prefixed with `@`). */
export function buildCommerceMl(body: Node, createdAt: Date): string {
  const root = { 'КоммерческаяИнформация': { '@ВерсияСхемы': '2.10', '@ДатаФормирования': localDateTime(createdAt), ...body } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root) as string}`;
}

/** CommerceML dates carry no zone: 1C reads them as its own local time, which we send as UTC. */
export function localDateTime(at: Date): string {
  return at.toISOString().slice(0, 19);
}
