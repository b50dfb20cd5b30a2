import { IconCalendarEvent, IconCoin, IconLayoutKanban, IconPackage, IconReceipt, IconReportMoney, IconTags, IconUserPlus } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavSectionBuilder } from '../../shell/nav.types.ts';

export const salesNav: NavSectionBuilder = (me, t) => ({
  key: 'sales',
  label: t('nav.sales'),
  icon: <IconCoin size={NAV_ICON_SIZE} />,
  items: [
    { label: t('nav.leads'), to: '/leads', icon: <IconUserPlus size={NAV_ICON_SIZE} />, isVisible: can(me, 'lead', 'read') },
    { label: t('nav.deals'), to: '/deals', icon: <IconReportMoney size={NAV_ICON_SIZE} />, isVisible: can(me, 'deal', 'read') },
    { label: t('nav.dealBoard'), to: '/deals/board', icon: <IconLayoutKanban size={NAV_ICON_SIZE} />, isVisible: can(me, 'deal', 'read') },
    { label: t('nav.orders'), to: '/orders', icon: <IconReceipt size={NAV_ICON_SIZE} />, isVisible: can(me, 'order', 'read') },
    { label: t('nav.activities'), to: '/activities', icon: <IconCalendarEvent size={NAV_ICON_SIZE} />, isVisible: can(me, 'activity', 'read') },
    { label: t('priceLists.navProducts'), to: '/products', icon: <IconPackage size={NAV_ICON_SIZE} />, isVisible: can(me, 'product', 'read') },
    // Reading a price list takes the right to read products.
    { label: t('priceLists.title'), to: '/price-lists', icon: <IconTags size={NAV_ICON_SIZE} />, isVisible: can(me, 'product', 'read') },
  ],
});
