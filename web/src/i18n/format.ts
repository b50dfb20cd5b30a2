import { i18n } from './i18n.setup.ts';

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Dates arrive as 'YYYY-MM-DD'; read them as calendar days, not UTC midnights. */
export function formatDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(date);
}

export function formatNumber(value: number | string, options?: Intl.NumberFormatOptions): string {
  const number = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(number)) return String(value);
  return new Intl.NumberFormat(i18n.language, options).format(number);
}

/** Any JSON value as short text, for audit diffs and fields of unknown shape. */
export function formatPlainValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? i18n.t('common.yes') : i18n.t('common.no');
  // Lists of plain values (tags, further phones) read as a list, not as JSON.
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) return value.length > 0 ? value.join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size in the largest unit that keeps it at 1 or more, binary multiples (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < BYTE_UNITS.length - 1) {
    value /= 1024;
    index += 1;
  }
  return new Intl.NumberFormat(i18n.language, {
    style: 'unit', unit: BYTE_UNITS[index], unitDisplay: 'short', maximumFractionDigits: index === 0 ? 0 : 1,
  }).format(value);
}
