import type { Liquid } from 'liquidjs';

/** What the formatting filters read from the render's scope: the recipient's locale, time zone and default currency. */
export interface RecipientSettings {
  locale: string;
  time_zone: string;
  currency: string;
}

const DATE_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  short: { dateStyle: 'short' },
  medium: { dateStyle: 'medium' },
  long: { dateStyle: 'long' },
  full: { dateStyle: 'full' },
  day_month: { day: 'numeric', month: 'long' },
  time: { timeStyle: 'short' },
  datetime: { dateStyle: 'long', timeStyle: 'short' },
};
export const DATE_STYLE_NAMES = Object.keys(DATE_STYLES);

function toDate(value: unknown): { date: Date; isCalendarDay: boolean } | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value, isCalendarDay: false };
  if (value === 'now' || value === 'today') return { date: new Date(), isCalendarDay: false };
  if (typeof value === 'number') return { date: new Date(value), isCalendarDay: false };
  if (typeof value !== 'string' || value.trim() === '') return null;
  // A bare date (a birthday, an order day) is a day on the calendar, not an instant: no time zone shifts it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: new Date(`${value}T00:00:00Z`), isCalendarDay: true };
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : { date, isCalendarDay: false };
}

export function formatMoney(amount: unknown, currency: string, locale: string): string {
  const value = typeof amount === 'number' ? amount : Number(String(amount ?? '').trim());
  if (amount === null || amount === undefined || amount === '' || !Number.isFinite(value)) return '';
  const isWhole = Number.isInteger(value);
  return new Intl.NumberFormat(locale, {
    style: 'currency', currency, ...(isWhole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  }).format(value);
}

export function formatDate(value: unknown, style: string, locale: string, timeZone: string): string {
  const options = DATE_STYLES[style];
  if (!options) throw new Error(`date: unknown style "${style}"; use one of ${DATE_STYLE_NAMES.join(', ')}`);
  const parsed = toDate(value);
  if (!parsed) return '';
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: parsed.isCalendarDay ? 'UTC' : timeZone }).format(parsed.date);
}

/**
 * The word form for a count. Three forms are Russian (one, few, many: 1 товар, 2 товара, 5 товаров;
 * fractions take the few form, 1,5 товара); two forms are English (one, other).
 */
export function pluralForm(count: unknown, forms: string[]): string {
  if (forms.length < 2 || forms.length > 3) throw new Error('plural: give two forms (English) or three (Russian: one, few, many)');
  const n = Number(count);
  if (!Number.isFinite(n)) return forms.at(-1)!;
  if (forms.length === 2) return new Intl.PluralRules('en').select(n) === 'one' ? forms[0]! : forms[1]!;
  const [one, few, many] = forms as [string, string, string];
  const category = new Intl.PluralRules('ru').select(n);
  return category === 'one' ? one : category === 'few' ? few : category === 'many' ? many : few;
}

// Prepositions, conjunctions and particles that must not be left at the end of a line.
const SHORT_WORDS = 'а|в|во|и|к|ко|о|об|от|с|со|у|на|но|по|до|за|из|не|ни|да|же|ли|бы|то|для|при|без|над|под|про|что|как';
const NBSP = '\u00A0';

/**
 * Russian typography for plain text: «ёлочки» (with „лапки“ inside), a non-breaking space after
 * short prepositions and conjunctions, an em dash for a spaced hyphen, and a non-breaking space before
 * every spaced dash so it never starts a line.
 */
export function typograph(input: unknown): string {
  if (input === null || input === undefined) return '';
  let text = String(input);
  let depth = 0;
  text = text.replace(/"/g, (_quote, offset: number, whole: string) => {
    const before = offset === 0 ? ' ' : whole[offset - 1]!;
    const isOpening = /[\s(«„[\-—]/.test(before);
    if (isOpening) {
      depth += 1;
      return depth === 1 ? '«' : '„';
    }
    depth = Math.max(0, depth - 1);
    return depth === 0 ? '»' : '“';
  });
  text = text.replace(/(^|\S)[ \t]+(?:-{1,3}|–|—)[ \t]+/gm, (_m, prev: string) => (prev === '' ? '— ' : `${prev}${NBSP}— `));
  text = text.replace(new RegExp(`(^|[\\s(«„${NBSP}])(${SHORT_WORDS}) +`, 'giu'), (_m, lead: string, word: string) => `${lead}${word}${NBSP}`);
  // A short word right after another one (“и в доме”) is joined on the next pass.
  text = text.replace(new RegExp(`(${NBSP})(${SHORT_WORDS}) +`, 'giu'), (_m, lead: string, word: string) => `${lead}${word}${NBSP}`);
  return text;
}

/** Registers the formatting filters; they read the recipient's settings from the scope's `recipient`. */
export function registerFormattingFilters(engine: Liquid): void {
  const recipient = (context: { getSync(paths: PropertyKey[]): unknown }): RecipientSettings =>
    context.getSync(['recipient']) as RecipientSettings;
  engine.registerFilter('money', function (amount: unknown, currency?: unknown) {
    const settings = recipient(this.context);
    return formatMoney(amount, typeof currency === 'string' && currency ? currency : settings.currency, settings.locale);
  });
  engine.registerFilter('date', function (value: unknown, style: unknown = 'long') {
    const settings = recipient(this.context);
    return formatDate(value, String(style), settings.locale, settings.time_zone);
  });
  engine.registerFilter('plural', (count: unknown, ...forms: unknown[]) => pluralForm(count, forms.map(String)));
  engine.registerFilter('typograph', typograph);
}
