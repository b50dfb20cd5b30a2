import { IconAddressBook, IconBuilding, IconUser } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { NAV_ICON_SIZE, type NavSectionBuilder } from '../../shell/nav.types.ts';

export const customersNav: NavSectionBuilder = (me, t) => ({
  key: 'customers',
  label: t('nav.customers'),
  icon: <IconAddressBook size={NAV_ICON_SIZE} />,
  items: [
    { label: t('nav.people'), to: '/people', icon: <IconUser size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read') },
    { label: t('nav.companies'), to: '/companies', icon: <IconBuilding size={NAV_ICON_SIZE} />, isVisible: can(me, 'company', 'read') },
  ],
});
