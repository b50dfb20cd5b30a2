import type { SameKeys } from '../../i18n/same-keys.ts';
import type { engagementEn } from './engagement.en.ts';

/** Русские строки отслеживания и атрибуции сообщений (показатели рассылок на маркетинговом дашборде). */
export const engagementRu: SameKeys<typeof engagementEn> = {
  kpis: {
    title: 'Рассылки',
    empty: 'За этот период нет доставленных сообщений и заказов.',
    mailingRevenue: 'Выручка от рассылок',
    shareOfSales: 'Продажи после контакта',
    responseConversion: 'Конверсия в отклик',
    attributedOrders: 'Заказы после сообщения',
    ordersOf: '{{attributed}} из {{orders}} заказов',
    respondedOf: '{{responded}} из {{delivered}} доставленных',
  },
};
