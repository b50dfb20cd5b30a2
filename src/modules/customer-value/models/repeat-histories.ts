import type { RepeatHistory } from './bg-nbd.ts';
import type { SpendHistory } from './gamma-gamma.ts';

export const TIME_UNIT_DAYS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type TimeUnit = keyof typeof TIME_UNIT_DAYS;

const DAY_MS = 86_400_000;

/** Whole days since 1970-01-01 of an ISO date (YYYY-MM-DD), or null when it is not a real date. */
export function dayNumber(isoDate: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return null;
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) return null;
  return ms / DAY_MS;
}

/** One customer's summary for the models, with what they did after the calibration period. */
export interface CustomerHistory extends Omit<RepeatHistory, 'count'> {
  customerId: string;
  /** Mean value of the repeat purchases in calibration (0 without repeats). */
  meanRepeatValue: number;
  /** Purchase days after the calibration end (the holdout period). */
  holdoutPurchases: number;
}

/**
 * Collects transactions one at a time (a file or a query is streamed through it) and summarises
 * each customer the paper's way: purchases on one day are one transaction, x counts the repeats
 * in calibration, t_x and T run from the first purchase. Only per-customer days are kept.
 */
export class RepeatHistoryCollector {
  readonly #days = new Map<string, Map<number, number>>();

  add(customerId: string, day: number, amount: number): void {
    let days = this.#days.get(customerId);
    if (!days) {
      days = new Map();
      this.#days.set(customerId, days);
    }
    days.set(day, (days.get(day) ?? 0) + amount);
  }

  /** Customers whose first purchase falls on or before the calibration end (inclusive), in input order. */
  *customers(calibrationEnd: number, unit: TimeUnit): Generator<CustomerHistory> {
    const unitDays = TIME_UNIT_DAYS[unit];
    for (const [customerId, days] of this.#days) {
      const sorted = [...days.keys()].sort((p, q) => p - q);
      const first = sorted[0]!;
      if (first > calibrationEnd) continue;
      const inCalibration = sorted.filter((d) => d <= calibrationEnd);
      const repeats = inCalibration.slice(1);
      yield {
        customerId,
        x: repeats.length,
        tx: (inCalibration[inCalibration.length - 1]! - first) / unitDays,
        T: (calibrationEnd - first) / unitDays,
        meanRepeatValue: repeats.length > 0 ? repeats.reduce((sum, d) => sum + days.get(d)!, 0) / repeats.length : 0,
        holdoutPurchases: sorted.length - inCalibration.length,
      };
    }
  }

  /** The latest purchase day seen, which ends the holdout period. */
  lastDay(): number | null {
    let last: number | null = null;
    for (const days of this.#days.values()) for (const day of days.keys()) if (last === null || day > last) last = day;
    return last;
  }
}

/** Identical histories grouped, so a likelihood evaluation runs once per distinct (x, t_x, T). */
export function groupRepeatHistories(customers: Iterable<Omit<RepeatHistory, 'count'>>): RepeatHistory[] {
  const groups = new Map<string, RepeatHistory>();
  for (const { x, tx, T } of customers) {
    const key = `${x}|${tx}|${T}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { x, tx, T, count: 1 });
  }
  return [...groups.values()];
}

export function spendHistories(customers: Iterable<CustomerHistory>): SpendHistory[] {
  const histories: SpendHistory[] = [];
  for (const c of customers) if (c.x > 0 && c.meanRepeatValue > 0) histories.push({ x: c.x, meanValue: c.meanRepeatValue, count: 1 });
  return histories;
}
