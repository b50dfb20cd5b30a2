import type { analyticsEn } from './analytics.en.ts';
import type { SameKeys } from '../../i18n/same-keys.ts';
import { customerAnalyticsRu } from './customer-analytics.ru.ts';
import { salesAnalyticsRu } from './sales-analytics.ru.ts';
import { customerValueRu } from './customer-value.ru.ts';
import { dashboardRu } from './dashboard.ru.ts';

/** Русские строки страниц аналитики. */
export const analyticsRu: SameKeys<typeof analyticsEn> = {
  title: 'Аналитика',
  description: 'Отчёты по данным рабочего пространства, в пределах доступа вашей роли.',
  overview: 'Обзор',
  open: 'Открыть',
  exportPng: 'Скачать PNG',
  exportCsv: 'Скачать CSV',
  noData: 'Нет данных для этих фильтров',
  loadFailed: 'Не удалось загрузить отчёт',
  noDataHint: 'Расширьте период или снимите фильтр.',
  formula: 'Формула',
  sales: salesAnalyticsRu,
  customers: customerAnalyticsRu,
  value: customerValueRu,
  dashboard: dashboardRu,
  filters: {
    from: 'С',
    to: 'По',
    owner: 'Ответственный',
    everyone: 'Все',
    team: 'Команда',
    allTeams: 'Все команды',
    pipeline: 'Воронка',
    allPipelines: 'Все воронки',
  },
};
