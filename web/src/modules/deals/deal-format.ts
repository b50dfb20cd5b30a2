import { formatNumber } from '../../i18n/format.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const WHOLE: Intl.NumberFormatOptions = { minimumFractionDigits: 0, maximumFractionDigits: 0 };

/** In whole units: the board and the forecast are an overview, and kopecks only crowd the columns. */
export function formatMoney(amount: string, currency: string): string {
  const isCurrencyCode = /^[A-Z]{3}$/.test(currency);
  return formatNumber(amount, isCurrencyCode ? { ...WHOLE, style: 'currency', currency } : WHOLE);
}

/** 'YYYY-MM' as "March 2026" / "Март 2026 г."; built from parts so no time zone shifts the month. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 1);
  const text = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(date);
  // Russian month names are lowercase; a table row starts with a capital (CSS would also capitalise "г.").
  return text.charAt(0).toLocaleUpperCase(i18n.language) + text.slice(1);
}
