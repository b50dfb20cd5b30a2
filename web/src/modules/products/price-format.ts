import { formatNumber } from '../../i18n/format.ts';

/** With kopecks: a price list and a deal's lines are read to the cent, unlike the board's totals. */
export function formatPrice(amount: string | number, currency: string): string {
  const isCurrencyCode = /^[A-Z]{3}$/.test(currency);
  return formatNumber(amount, isCurrencyCode
    ? { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }
    : { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** What the server takes as a price: digits with at most two decimals; a decimal comma is read as a point. */
export function normalizePrice(text: string): string | null {
  const value = text.replace(/\s/g, '').replace(',', '.');
  return /^\d{1,15}(\.\d{1,2})?$/.test(value) ? value : null;
}
