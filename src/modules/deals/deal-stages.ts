import type { LocalisedText } from '../../platform/records/record-type.ts';

export interface DealStage {
  label: LocalisedText;
  /** Chance of winning at this stage, in percent: weights the forecast. */
  probability: number;
  /** Days in this stage after which an open deal counts as rotting. */
  rottingDays: number | null;
  outcome: 'open' | 'won' | 'lost';
}

// The seed's example pipeline (S1:34), in order. Configurable pipelines come later (issue 3).
export const DEAL_STAGES: Record<'new' | 'qualification' | 'negotiation' | 'won' | 'lost', DealStage> = {
  new: { label: { en: 'New lead', ru: 'Новый лид' }, probability: 10, rottingDays: 7, outcome: 'open' },
  qualification: { label: { en: 'Qualification', ru: 'Квалификация' }, probability: 30, rottingDays: 14, outcome: 'open' },
  negotiation: { label: { en: 'Negotiation', ru: 'Переговоры' }, probability: 60, rottingDays: 21, outcome: 'open' },
  won: { label: { en: 'Won', ru: 'Успешно' }, probability: 100, rottingDays: null, outcome: 'won' },
  lost: { label: { en: 'Lost', ru: 'Проиграна' }, probability: 0, rottingDays: null, outcome: 'lost' },
};

export type DealStageKey = keyof typeof DEAL_STAGES;
export const DEAL_STAGE_KEYS = Object.keys(DEAL_STAGES) as DealStageKey[];
