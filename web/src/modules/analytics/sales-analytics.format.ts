import { formatNumber } from '../../i18n/format.ts';
import { i18n } from '../../i18n/i18n.setup.ts';

const DASH = '—';

/** A share from 0 to 1 as a percentage with at most one decimal. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : formatNumber(value, { maximumFractionDigits: 2 });
}

/** In whole units of the currency: reports are an overview. */
export function formatAmount(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return DASH;
  return formatNumber(amount, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
}

/** 'YYYY-MM' as "Mar 2026" / "мар. 2026 г.", built from parts so no time zone shifts the month. */
export function formatReportMonth(month: string | null): string {
  const match = month ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  if (!match) return month ?? DASH;
  return new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric' }).format(new Date(Number(match[1]), Number(match[2]) - 1, 1));
}

/** Every 'YYYY-MM' from the first to the last, so a chart's axis has no holes. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  while (`${year}-${String(month).padStart(2, '0')}` <= last) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
