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

export interface PipelineStage {
  /** What deals store; kept when a stage is renamed or moved. */
  key: string;
  label: { en: string; ru: string };
  /** 0–100: the share of the amount the forecast counts. */
  probability: number;
  outcome: DealOutcome;
  /** An open deal left this many days in the stage is flagged; null never. */
  rotting_days: number | null;
}

export interface Pipeline {
  id: string;
  name: string;
  position: number;
  /** New deals start here; exactly one pipeline is the default. */
  is_default: boolean;
  /** When a list is non-empty, a deal closed as won (lost) names one of its reasons. */
  won_reasons: string[];
  lost_reasons: string[];
  stages: PipelineStage[];
}

/** A stage as sent: without a key the server makes one (a new stage). */
export type PipelineStageInput = Omit<PipelineStage, 'key'> & { key?: string };

export interface PipelineInput {
  name: string;
  won_reasons: string[];
  lost_reasons: string[];
  stages: PipelineStageInput[];
}

export interface BoardStage extends PipelineStage {
  /** Count and totals cover every deal of the stage the reader may see, not only the cards sent. */
  count: number;
  totals: MoneyTotal[];
  deals: BoardDeal[];
}

export interface DealBoard {
  pipeline: Pick<Pipeline, 'id' | 'name' | 'won_reasons' | 'lost_reasons'>;
  stages: BoardStage[];
}

export interface ForecastMonth {
  month: string;
  currency: string;
  count: number;
  amount: string;
  weighted: string;
}
