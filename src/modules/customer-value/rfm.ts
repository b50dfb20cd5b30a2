/**
 * RFM segments: each person's recency score (5 = bought most recently) against the mean of their
 * frequency and monetary scores, on the usual 5 × 5 grid (docs/customer-value.md draws it).
 */
export const RFM_SEGMENTS = [
  'champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'need_attention',
  'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Rows: recency score 5 … 1; columns: frequency-monetary score 1 … 5. */
export const RFM_GRID: Record<1 | 2 | 3 | 4 | 5, readonly RfmSegment[]> = {
  5: ['new', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
  4: ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'champions'],
  3: ['about_to_sleep', 'need_attention', 'need_attention', 'loyal', 'loyal'],
  2: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  1: ['lost', 'lost', 'at_risk', 'at_risk', 'cant_lose'],
};

/** The frequency-monetary score: the mean of the two, rounded half up. */
export function frequencyMonetaryScore(f: number, m: number): number {
  return Math.floor((f + m + 1) / 2);
}

export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  return RFM_GRID[r as 1 | 2 | 3 | 4 | 5][frequencyMonetaryScore(f, m) - 1]!;
}

/** The grid as a SQL CASE over r_score and the f/m scores, so the database labels every row in one pass. */
export function rfmSegmentCaseSql(r: string, f: string, m: string): string {
  const whens: string[] = [];
  for (const [recency, row] of Object.entries(RFM_GRID)) {
    row.forEach((segment, i) => whens.push(`when ${r} = ${recency} and ((${f} + ${m} + 1) / 2) = ${i + 1} then '${segment}'`));
  }
  return `case ${whens.join(' ')} end`;
}
