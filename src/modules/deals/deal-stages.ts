import type { LocalisedText } from '../../platform/records/record-type.ts';

/**
 * The pipeline every workspace starts with: the seed's example (S1:34). Workspaces edit their
 * pipelines and stages as data (pipelines.service.ts); migration 0005 wrote the same stages.
 */
export const DEFAULT_PIPELINE = {
  name: 'Продажи',
  lostReasons: ['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не отвечает', 'Неактуально'],
  stages: [
    { key: 'new', label: { en: 'New lead', ru: 'Новый лид' }, probability: 10, rotting_days: 7, outcome: 'open' },
    { key: 'qualification', label: { en: 'Qualification', ru: 'Квалификация' }, probability: 30, rotting_days: 14, outcome: 'open' },
    { key: 'negotiation', label: { en: 'Negotiation', ru: 'Переговоры' }, probability: 60, rotting_days: 21, outcome: 'open' },
    { key: 'won', label: { en: 'Won', ru: 'Успешно' }, probability: 100, rotting_days: null, outcome: 'won' },
    { key: 'lost', label: { en: 'Lost', ru: 'Проиграна' }, probability: 0, rotting_days: null, outcome: 'lost' },
  ] as { key: string; label: LocalisedText; probability: number; rotting_days: number | null; outcome: 'open' | 'won' | 'lost' }[],
};
