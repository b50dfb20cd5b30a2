import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { RecipientSettings } from './liquid-filters.ts';

/** A product suggested to a person; `recommendations` in a template is a list of these. */
export interface Recommendation {
  product_id: string | null;
  sku: string | null;
  name: string;
  price: string | null;
  currency: string | null;
  url: string | null;
  image_url: string | null;
}

/**
 * Where recommendations come from. None is registered yet: the personalization module will add
 * one, and templates that loop over `recommendations` start showing products without a change.
 */
export type RecommendationSource = (input: { db: Db; workspaceId: string; personId: string | null; limit: number }) => Promise<Recommendation[]>;

const recommendationSources: RecommendationSource[] = [];
const RECOMMENDATION_LIMIT = 6;

export function registerRecommendationSource(source: RecommendationSource): void {
  recommendationSources.push(source);
}

async function recommendationsFor(db: Db, workspaceId: string, personId: string | null): Promise<Recommendation[]> {
  const lists = await Promise.all(recommendationSources.map((source) => source({ db, workspaceId, personId, limit: RECOMMENDATION_LIMIT })));
  return lists.flat().slice(0, RECOMMENDATION_LIMIT);
}

/** Person fields a template may use; a reader's hidden fields are blanked in their previews. */
export const PERSON_FIELDS = [
  'first_name', 'last_name', 'middle_name', 'full_name', 'email', 'phone', 'city', 'birthday', 'gender',
  'lifecycle_stage', 'language', 'time_zone', 'tags', 'telegram', 'job_title',
] as const;

type PersonRow = Record<(typeof PERSON_FIELDS)[number], unknown> & { id: string; company_id: string | null; custom: Record<string, unknown> };

const isLocale = (value: unknown): value is string => {
  if (typeof value !== 'string' || value.trim() === '') return false;
  try {
    return Intl.getCanonicalLocales(value).length > 0;
  } catch {
    return false;
  }
};
const isTimeZone = (value: unknown): value is string => {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

interface WorkspaceRow { name: string; currency: string; locale: string; time_zone: string }

async function loadWorkspace(db: Db, workspaceId: string): Promise<WorkspaceRow> {
  return db.selectFrom('workspace').select(['name', 'currency', 'locale', 'time_zone']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
}

function recipientOf(workspace: WorkspaceRow, templateLocale: string | null, person: { language?: unknown; time_zone?: unknown } | null): RecipientSettings {
  return {
    locale: isLocale(person?.language) ? person.language : templateLocale ?? workspace.locale,
    time_zone: isTimeZone(person?.time_zone) ? person.time_zone : workspace.time_zone,
    currency: workspace.currency,
  };
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);

/**
 * Everything a template can say about one person, read in a few indexed queries: the person (with
 * custom fields and customer-value scores), their primary company, their last order with its lines,
 * their open or abandoned cart, the workspace and the recipient's formatting settings.
 */
export async function buildPersonContext(
  db: Db, workspaceId: string, personId: string, options: { templateLocale: string | null; hiddenPersonFields?: ReadonlySet<string> },
): Promise<Record<string, unknown>> {
  const person = (await sql<PersonRow>`
    select id, company_id, custom, ${sql.join(PERSON_FIELDS.map((f) => sql.ref(f)))}
    from person where workspace_id = ${workspaceId} and id = ${personId}`.execute(db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND({ field: 'person_id', detail: 'No such person in this workspace' });
  const hidden = options.hiddenPersonFields ?? new Set<string>();
  const personFields = Object.fromEntries(PERSON_FIELDS.map((f) => [f, hidden.has(f) ? null : person[f] ?? null]));

  const [workspace, company, scores, order, cart, recommendations] = await Promise.all([
    loadWorkspace(db, workspaceId),
    person.company_id
      ? sql<Record<string, unknown>>`select name, city, website, phone, email, industry from company
          where workspace_id = ${workspaceId} and id = ${person.company_id}`.execute(db).then((r) => r.rows[0] ?? null)
      : Promise.resolve(null),
    sql<Record<string, unknown>>`
      select rfm_segment, r_score, f_score, m_score, frequency, monetary::text as monetary, last_order_on::text as last_order_on,
        p_alive, expected_purchases, clv::text as clv, churn_risk
      from customer_score where workspace_id = ${workspaceId} and person_id = ${personId}`.execute(db).then((r) => r.rows[0] ?? null),
    sql<Record<string, unknown> & { id: string }>`
      select id, number, status, currency, placed_at, paid_at, total::text as total, discount_total::text as discount_total
      from sales_order where workspace_id = ${workspaceId} and person_id = ${personId} and status <> 'cancelled'
      order by placed_at desc, id desc limit 1`.execute(db).then((r) => r.rows[0] ?? null),
    sql<{ items: Record<string, { name: string | null; quantity: number; price: number | string | null }>; value: string; currency: string | null; status: string; updated_at: Date }>`
      select items, value::text as value, currency, status, updated_at from tracking_cart
      where workspace_id = ${workspaceId} and person_id = ${personId} and status in ('open', 'abandoned')
      order by updated_at desc limit 1`.execute(db).then((r) => r.rows[0] ?? null),
    recommendationsFor(db, workspaceId, personId),
  ]);
  const lines = order
    ? (await sql<Record<string, unknown>>`
        select name, sku, category, trim_scale(quantity)::text as quantity, unit_price::text as unit_price, discount::text as discount, amount::text as amount
        from order_line where workspace_id = ${workspaceId} and order_id = ${order.id} order by position`.execute(db)).rows
    : [];
  const cartItems = cart ? Object.entries(cart.items).map(([sku, item]) => ({ sku, name: item.name ?? sku, quantity: item.quantity, price: item.price })) : [];

  return {
    person: { id: person.id, ...personFields, custom: hidden.has('custom') ? {} : person.custom ?? {}, scores },
    company,
    order: order ? { ...order, placed_at: iso(order.placed_at), paid_at: iso(order.paid_at), lines } : null,
    cart: cart ? {
      value: cart.value, currency: cart.currency ?? workspace.currency, status: cart.status, updated_at: iso(cart.updated_at),
      items: cartItems, item_count: cartItems.reduce((sum, item) => sum + Number(item.quantity), 0),
    } : null,
    workspace: { name: workspace.name, currency: workspace.currency, locale: workspace.locale, time_zone: workspace.time_zone },
    recipient: recipientOf(workspace, options.templateLocale, { language: personFields.language, time_zone: personFields.time_zone }),
    recommendations,
    now: new Date().toISOString(),
  };
}

/**
 * A made-up recipient with every variable filled, which each template is rendered against when
 * saved (so a filter used wrongly fails then) and in previews without a person.
 */
export async function buildSampleContext(db: Db, workspaceId: string, templateLocale: string | null): Promise<Record<string, unknown>> {
  const workspace = await loadWorkspace(db, workspaceId);
  const isRussian = (templateLocale ?? workspace.locale) === 'ru';
  const currency = workspace.currency;
  const today = new Date().toISOString().slice(0, 10);
  return {
    person: {
      id: null, first_name: isRussian ? 'Анна' : 'Anna', last_name: isRussian ? 'Петрова' : 'Peterson', middle_name: isRussian ? 'Сергеевна' : null,
      full_name: isRussian ? 'Петрова Анна Сергеевна' : 'Peterson Anna', email: 'anna@example.com', phone: '+79161234567',
      city: isRussian ? 'Москва' : 'London', birthday: '1990-03-15', gender: 'female', lifecycle_stage: 'customer',
      language: templateLocale ?? workspace.locale, time_zone: workspace.time_zone, tags: ['vip'], telegram: 'anna', job_title: null,
      custom: {},
      scores: {
        rfm_segment: 'loyal', r_score: 4, f_score: 4, m_score: 5, frequency: 6, monetary: '48500.00', last_order_on: today,
        p_alive: 0.92, expected_purchases: 1.8, clv: '35200.00', churn_risk: 'low',
      },
    },
    company: { name: isRussian ? 'ООО «Ромашка»' : 'Daisy Ltd', city: isRussian ? 'Москва' : 'London', website: 'https://example.com', phone: null, email: null, industry: null },
    order: {
      id: null, number: 'A-1024', status: 'paid', currency, placed_at: new Date().toISOString(), paid_at: new Date().toISOString(), total: '7480.00', discount_total: '0.00',
      lines: [
        { name: isRussian ? 'Кофе в зёрнах' : 'Coffee beans', sku: 'COF-1', category: isRussian ? 'Кофе' : 'Coffee', quantity: '2', unit_price: '1890.00', discount: '0.00', amount: '3780.00' },
        { name: isRussian ? 'Френч-пресс' : 'French press', sku: 'FP-1', category: isRussian ? 'Посуда' : 'Tableware', quantity: '1', unit_price: '3700.00', discount: '0.00', amount: '3700.00' },
      ],
    },
    cart: {
      value: '5670.00', currency, status: 'abandoned', updated_at: new Date().toISOString(), item_count: 3,
      items: [{ sku: 'COF-1', name: isRussian ? 'Кофе в зёрнах' : 'Coffee beans', quantity: 3, price: 1890 }],
    },
    workspace: { name: workspace.name, currency, locale: workspace.locale, time_zone: workspace.time_zone },
    recipient: recipientOf(workspace, templateLocale, null),
    recommendations: [{
      product_id: null, sku: 'TEA-1', name: isRussian ? 'Чай улун' : 'Oolong tea', price: '990.00', currency,
      url: 'https://example.com/p/tea-1', image_url: null,
    }] satisfies Recommendation[],
    now: new Date().toISOString(),
  };
}
