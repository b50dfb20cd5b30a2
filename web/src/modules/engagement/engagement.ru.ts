import type { SameKeys } from '../../i18n/same-keys.ts';
import type { engagementEn } from './engagement.en.ts';

/** Русские строки отслеживания и атрибуции сообщений (показатели рассылок на маркетинговом дашборде). */
export const engagementRu: SameKeys<typeof engagementEn> = {
  settings: {
    title: 'Отслеживание и атрибуция',
    tracking: 'Отслеживать открытия и переходы',
    trackingHint: 'Ссылки в рекламных и сервисных письмах идут через подписанные переадресации, открытия считает картинка 1×1.',
    window: 'Окно атрибуции, дней',
    windowHint: 'Заказ в течение стольких дней после перехода (а если его не было — после отправки) засчитывается сообщению.',
    save: 'Сохранить',
    saved: 'Настройки отслеживания сохранены',
  },
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
