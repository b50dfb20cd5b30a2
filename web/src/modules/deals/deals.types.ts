export type DealOutcome = 'open' | 'won' | 'lost';

export interface MoneyTotal {
  currency: string;
  /** A decimal string: money never passes through floats on the server. */
  amount: string;
}

export interface BoardDeal {
  id: string;
  title: string;
  /** Absent when a field rule hides the amount from the reader. */
  amount?: string | null;
  currency: string;
  owner_id: string | null;
  company_id: string | null;
  person_id: string | null;
  expected_close_date: string | null;
  stage_changed_at: string;
  is_rotting: boolean;
}

export interface BoardStage {
  key: string;
  label: { en: string; ru: string };
  probability: number;
  outcome: DealOutcome;
  rotting_days: number | null;
  /** Count and totals cover every deal of the stage the reader may see, not only the cards sent. */
  count: number;
  totals: MoneyTotal[];
  deals: BoardDeal[];
}

export interface DealBoard {
  stages: BoardStage[];
}

export interface ForecastMonth {
  month: string;
  currency: string;
  count: number;
  amount: string;
  weighted: string;
}
