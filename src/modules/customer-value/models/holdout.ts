import { expectedPurchases, type BgNbdParams } from './bg-nbd.ts';

/** A customer's calibration history and purchases in the holdout; or, with `count`, that many customers' summed. */
export interface HoldoutHistory {
  x: number;
  tx: number;
  T: number;
  holdoutPurchases: number;
  /** How many customers share this history (1 when left out); `holdoutPurchases` is then their total. */
  count?: number;
}

/** Predicted against actual purchases in the holdout period, for the customers of one calibration frequency. */
export interface HoldoutBucket {
  /** Repeat purchases in calibration; the last bucket (HOLDOUT_BUCKETS − 1) holds that many and more. */
  x: number;
  customers: number;
  predicted: number;
  actual: number;
}

export const HOLDOUT_BUCKETS = 8;

/**
 * The paper's validation (Figure 4): customers grouped by their calibration frequency x (0–6 and
 * 7+), the mean purchases each group made in the holdout against the mean the model expected.
 */
export function holdoutReport(params: BgNbdParams, histories: Iterable<HoldoutHistory>, holdoutLength: number): HoldoutBucket[] {
  const buckets = Array.from({ length: HOLDOUT_BUCKETS }, (_, x) => ({ x, customers: 0, predicted: 0, actual: 0 }));
  for (const h of histories) {
    const count = h.count ?? 1;
    const bucket = buckets[Math.min(h.x, HOLDOUT_BUCKETS - 1)]!;
    bucket.customers += count;
    bucket.predicted += count * expectedPurchases(params, h, holdoutLength);
    bucket.actual += h.holdoutPurchases;
  }
  return buckets.map((b) => ({ ...b, predicted: b.customers ? b.predicted / b.customers : 0, actual: b.customers ? b.actual / b.customers : 0 }));
}
