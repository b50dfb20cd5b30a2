import { formatNumber } from '../../i18n/format.ts';
import { localized, type ObjectTypeMeta } from '../records/index.ts';

/** A select option of the order type (status, channel) in the reader's language, from the server's labels. */
export function orderOptionLabel(orderType: ObjectTypeMeta | undefined, field: 'status' | 'channel', value: string, language: string): string {
  const labels = orderType?.fields.find((candidate) => candidate.name === field)?.option_labels;
  return localized(labels?.[value], language) || value;
}

/** A unit price as the server takes it: digits with at most four decimals (wholesale prices go below a kopeck); a decimal comma is read as a point. */
export function normalizeUnitPrice(text: string): string | null {
  const value = text.replace(/\s/g, '').replace(',', '.');
  return /^\d{1,14}(\.\d{1,4})?$/.test(value) ? value : null;
}

/** A stored unit price ('89900.0000') for an input: kopecks always, the third and fourth places only when they matter. */
export function unitPriceText(stored: string): string {
  return stored.replace(/^(\d+\.\d\d)(\d*?)0*$/, '$1$2');
}

/** A unit price with its currency, to four places when it has them. */
export function formatUnitPrice(amount: string | number, currency: string): string {
  const isCurrencyCode = /^[A-Z]{3}$/.test(currency);
  const places = { minimumFractionDigits: 2, maximumFractionDigits: 4 };
  return formatNumber(amount, isCurrencyCode ? { style: 'currency', currency, ...places } : places);
}
